import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { clientIp } from "../../../../../lib/rate-limit"
import { customerSignIns } from "../../../../../lib/sso"
import { unlinkSsoIdentityWorkflow } from "../../../../../workflows/sso/unlink-sso-identity"

/** Removes an IdP sign-in from the account while another way to sign in remains. */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await unlinkSsoIdentityWorkflow(req.scope).run({
    input: {
      customer_id: req.auth_context.actor_id,
      provider: String(req.params.provider).slice(0, 100),
      ip: clientIp(req),
    },
  })
  res.json({ identities: await customerSignIns(req.scope, req.auth_context.actor_id) })
}
