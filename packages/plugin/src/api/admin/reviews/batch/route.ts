import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { setReviewStatusWorkflow } from "../../../../workflows/reviews/set-review-status"

type BatchBody = { action: "approve" | "reject"; ids: string[] }

/** Bulk approve or reject; all-or-nothing (an unknown id fails the whole batch). */
export async function POST(req: MedusaRequest<BatchBody>, res: MedusaResponse) {
  const { action, ids } = req.validatedBody
  const status = action === "approve" ? "approved" : "rejected"
  const { result } = await setReviewStatusWorkflow(req.scope).run({ input: { ids, status } })
  res.json({ ids: [...new Set(ids)], status, changed: result.changed })
}
