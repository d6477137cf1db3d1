import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { clientIp } from "../../../../lib/rate-limit"
import { completeSsoCustomerWorkflow } from "../../../../workflows/sso/complete-sso-customer"

/**
 * Completes a shopper's first sign-in through an identity provider: with the token the
 * callback returned (no customer yet), creates the customer from the ID token's claims or
 * links it as the linking rules allow. Then refresh the token (POST /auth/token/refresh).
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await completeSsoCustomerWorkflow(req.scope).run({
    input: {
      auth_identity_id: req.auth_context.auth_identity_id,
      provider: req.auth_context.auth_provider ?? "",
      ip: clientIp(req),
    },
  })
  res.status(result.action === "create" ? 201 : 200).json(result)
}
