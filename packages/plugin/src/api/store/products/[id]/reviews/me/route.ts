import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { REVIEWS_MODULE } from "../../../../../../modules/reviews"
import type ReviewsModuleService from "../../../../../../modules/reviews/service"
import { deleteOwnReviewWorkflow } from "../../../../../../workflows/reviews/delete-own-review"
import { presentOwnReview } from "../../../../reviews/presenters"

/** The customer's own review of the product, whatever its moderation status. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const service = req.scope.resolve<ReviewsModuleService>(REVIEWS_MODULE)
  const [review] = await service.listReviews(
    { product_id: req.params.id, customer_id: req.auth_context.actor_id },
    { take: 1 }
  )
  if (!review) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "You have not reviewed this product")
  }
  res.json({ review: presentOwnReview(review as any) })
}

export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { result } = await deleteOwnReviewWorkflow(req.scope).run({
    input: { product_id: req.params.id, customer_id: req.auth_context.actor_id },
  })
  res.json({ id: result.id, object: "review", deleted: true })
}
