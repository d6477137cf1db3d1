import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EMAIL_VERIFICATION_MODULE } from "../../../modules/email-verification"
import type EmailVerificationModuleService from "../../../modules/email-verification/service"

export type MarkEmailVerifiedByIdpInput = { customer_id: string; email: string }

/** The IdP said `email_verified: true` for this address: record it as verified. */
export const markEmailVerifiedByIdpStep = createStep(
  "mark-email-verified-by-idp",
  async (input: MarkEmailVerifiedByIdpInput, { container }) => {
    const service = container.resolve<EmailVerificationModuleService>(EMAIL_VERIFICATION_MODULE)
    const previous = await service.findByCustomer(input.customer_id)
    const row = await service.markVerified(input.customer_id, input.email)
    return new StepResponse(row, { id: row.id, previous })
  },
  async (undo, { container }) => {
    if (!undo) return
    const service = container.resolve<EmailVerificationModuleService>(EMAIL_VERIFICATION_MODULE)
    if (undo.previous) {
      await service.updateEmailVerifications({
        id: undo.id,
        email: undo.previous.email,
        verified_at: undo.previous.verified_at,
      })
    } else {
      await service.deleteEmailVerifications(undo.id)
    }
  }
)
