import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EMAIL_VERIFICATION_MODULE } from "../../../modules/email-verification"
import type EmailVerificationModuleService from "../../../modules/email-verification/service"

export type IssueVerificationTokenInput = { customer_id: string; email: string }

export const issueVerificationTokenStep = createStep(
  "issue-verification-token",
  async (input: IssueVerificationTokenInput, { container }) => {
    const service = container.resolve<EmailVerificationModuleService>(EMAIL_VERIFICATION_MODULE)
    const { token, verification, previous } = await service.issueToken(
      input.customer_id,
      input.email
    )
    return new StepResponse(
      { token, verification_id: verification.id },
      { previous, id: verification.id }
    )
  },
  async (compensation, { container }) => {
    if (!compensation) return
    const service = container.resolve<EmailVerificationModuleService>(EMAIL_VERIFICATION_MODULE)
    const { previous, id } = compensation
    if (!previous) {
      await service.deleteEmailVerifications(id)
      return
    }
    await service.updateEmailVerifications({
      id,
      email: previous.email,
      token_hash: previous.token_hash,
      token_expires_at: previous.token_expires_at,
      verified_at: previous.verified_at,
    })
  }
)
