import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { REVIEWS_MODULE } from "../../../../modules/reviews"
import type ReviewsModuleService from "../../../../modules/reviews/service"

/** Rating summaries of many products in one call (a product list page). */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const { product_id } = req.validatedQuery as { product_id: string[] }
  const service = req.scope.resolve<ReviewsModuleService>(REVIEWS_MODULE)
  res.json({ summaries: await service.getRatingSummaries(product_id) })
}
