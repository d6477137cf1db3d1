import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { setReviewStatusWorkflow } from "../../../../workflows/reviews/set-review-status"
import type { AdminBatchReviewsType } from "../../../store/reviews/validators"

/** Bulk approve or reject; all-or-nothing (an unknown id fails the whole batch). */
export async function POST(req: MedusaRequest<AdminBatchReviewsType>, res: MedusaResponse) {
  const { action, ids, additional_data } = req.validatedBody
  const status = action === "approve" ? "approved" : "rejected"
  const { result } = await setReviewStatusWorkflow(req.scope).run({
    input: { ids, status, additional_data },
  })
  res.json({ ids: [...new Set(ids)], status, changed: result.changed })
}
