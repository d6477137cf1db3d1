import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { verificationStatus } from "../../../../../../lib/email-verification"
import { sendEmailVerificationWorkflow } from "../../../../../../workflows/email-verification/send-email-verification"

/** Mails a new verification token (the previous one stops working). */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const customerId = req.auth_context.actor_id
  const status = await verificationStatus(req.scope, customerId)
  if (status.verified) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "Your e-mail address is already verified")
  }
  await sendEmailVerificationWorkflow(req.scope).run({ input: { customer_id: customerId } })
  res.status(202).json({ sent: true })
}
