import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { clientIp } from "../../../../lib/rate-limit"
import { customerSignIns } from "../../../../lib/sso"
import { linkSsoIdentityWorkflow } from "../../../../workflows/sso/link-sso-identity"
import type { LinkSsoIdentityBodyType } from "../validators"

/** The ways the logged-in customer can sign in (password, linked identity providers). */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ identities: await customerSignIns(req.scope, req.auth_context.actor_id) })
}

/** Links an IdP sign-in (the token its callback returned) to the logged-in customer. */
export const POST = async (
  req: AuthenticatedMedusaRequest<LinkSsoIdentityBodyType>,
  res: MedusaResponse
) => {
  await linkSsoIdentityWorkflow(req.scope).run({
    input: {
      customer_id: req.auth_context.actor_id,
      token: req.validatedBody.token,
      ip: clientIp(req),
    },
  })
  res.json({ identities: await customerSignIns(req.scope, req.auth_context.actor_id) })
}
