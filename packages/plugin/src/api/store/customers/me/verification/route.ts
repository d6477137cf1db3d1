import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { verificationStatus } from "../../../../../lib/email-verification"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ verification: await verificationStatus(req.scope, req.auth_context.actor_id) })
}
