import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { setReviewStatusWorkflow } from "../../../workflows/reviews/set-review-status"
import type { ModerationStatus } from "../../../workflows/reviews/steps/set-review-status"

export const ADMIN_REVIEW_FIELDS = [
  "id",
  "product_id",
  "customer_id",
  "order_id",
  "rating",
  "title",
  "body",
  "status",
  "verified_purchase",
  "helpful_count",
  "created_at",
  "updated_at",
  "product.id",
  "product.title",
  "customer.id",
  "customer.email",
  "customer.first_name",
  "customer.last_name",
]

/** Shared handler of /approve and /reject: runs the workflow, answers with the review. */
export function moderate(status: ModerationStatus) {
  return async (req: MedusaRequest, res: MedusaResponse) => {
    await setReviewStatusWorkflow(req.scope).run({ input: { ids: [req.params.id], status } })
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "review",
      fields: ADMIN_REVIEW_FIELDS,
      filters: { id: req.params.id },
    })
    res.json({ review: data[0] })
  }
}
