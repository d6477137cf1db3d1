import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { VerifyEmailBodyType } from "../../../../middlewares/security-auth"
import { clientIp } from "../../../../../lib/rate-limit"
import { verificationStatus } from "../../../../../lib/email-verification"
import { verifyCustomerEmailWorkflow } from "../../../../../workflows/email-verification/verify-customer-email"

/** Confirms the logged-in customer's e-mail with the token from the mail. */
export const POST = async (
  req: AuthenticatedMedusaRequest<VerifyEmailBodyType>,
  res: MedusaResponse
) => {
  const customerId = req.auth_context.actor_id
  await verifyCustomerEmailWorkflow(req.scope).run({
    input: { customer_id: customerId, token: req.validatedBody.token, ip: clientIp(req) },
  })
  res.json({ verification: await verificationStatus(req.scope, customerId) })
}
