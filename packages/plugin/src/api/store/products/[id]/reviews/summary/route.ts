import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { REVIEWS_MODULE } from "../../../../../../modules/reviews"
import type ReviewsModuleService from "../../../../../../modules/reviews/service"

/** Average, count and 1-5 histogram of the product's approved reviews. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const service = req.scope.resolve<ReviewsModuleService>(REVIEWS_MODULE)
  const [summary] = await service.getRatingSummaries([req.params.id])
  res.json({ summary })
}
