import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { refuseUnlessEnabled } from "../../../lib/enabled"

/** GET /ops-test/slow?ms=2000 answers after a delay (≤ 30 s); used by the shutdown test. */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  if (refuseUnlessEnabled(res)) return
  const ms = Math.min(Math.max(Number(req.query.ms) || 0, 0), 30_000)
  await new Promise((resolve) => setTimeout(resolve, ms))
  res.status(200).json({ slept_ms: ms })
}
