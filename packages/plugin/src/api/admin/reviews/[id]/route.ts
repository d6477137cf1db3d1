import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteReviewsWorkflow } from "../../../../workflows/reviews/delete-reviews"

export async function DELETE(req: MedusaRequest, res: MedusaResponse) {
  await deleteReviewsWorkflow(req.scope).run({ input: { ids: [req.params.id] } })
  res.json({ id: req.params.id, object: "review", deleted: true })
}
