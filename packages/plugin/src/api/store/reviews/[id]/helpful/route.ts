import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { markReviewHelpfulWorkflow } from "../../../../../workflows/reviews/mark-review-helpful"

/** Marks another customer's review helpful; counted once per customer. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { result } = await markReviewHelpfulWorkflow(req.scope).run({
    input: { review_id: req.params.id, customer_id: req.auth_context.actor_id },
  })
  res.json({ review_id: req.params.id, helpful_count: result.helpful_count })
}
