import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EMAIL_VERIFICATION_MODULE } from "../../../modules/email-verification"
import type EmailVerificationModuleService from "../../../modules/email-verification/service"

export type ConfirmEmailVerificationInput = { customer_id: string; token: string }

export const confirmEmailVerificationStep = createStep(
  "confirm-email-verification",
  async (input: ConfirmEmailVerificationInput, { container }) => {
    const service = container.resolve<EmailVerificationModuleService>(EMAIL_VERIFICATION_MODULE)
    const before = await service.findByCustomer(input.customer_id)
    const verification = await service.confirm(input.customer_id, input.token)
    return new StepResponse(verification, before)
  },
  async (before, { container }) => {
    if (!before) return
    const service = container.resolve<EmailVerificationModuleService>(EMAIL_VERIFICATION_MODULE)
    await service.updateEmailVerifications({
      id: before.id,
      verified_at: before.verified_at,
      token_hash: before.token_hash,
      token_expires_at: before.token_expires_at,
    })
  }
)
