import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { REVIEWS_MODULE } from "../../../../modules/reviews"
import type { StoreReviewSummariesQueryType } from "../../../store/reviews/validators"
import type ReviewsModuleService from "../../../../modules/reviews/service"

export async function GET(
  req: MedusaRequest<unknown, StoreReviewSummariesQueryType>,
  res: MedusaResponse
) {
  const { product_id } = req.validatedQuery
  const service = req.scope.resolve<ReviewsModuleService>(REVIEWS_MODULE)
  res.json({ summaries: await service.getRatingSummaries(product_id) })
}
