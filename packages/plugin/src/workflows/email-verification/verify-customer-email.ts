import type { AdditionalData } from "@medusajs/framework/types"
import {
  createHook,
  createWorkflow,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { confirmEmailVerificationStep } from "./steps/confirm-email-verification"
import { recordAuditStep } from "./steps/record-audit"

export type VerifyCustomerEmailInput = {
  customer_id: string
  token: string
  ip?: string
} & AdditionalData

/**
 * Confirms a customer's e-mail with the token from the mail, and audits it.
 * Hook `emailVerified` runs once the confirmation is stored (docs/extending.md); a handler
 * that throws undoes it, so the token stays valid for another try.
 */
export const verifyCustomerEmailWorkflow = createWorkflow(
  "verify-customer-email",
  (input: VerifyCustomerEmailInput) => {
    const verification = confirmEmailVerificationStep({
      customer_id: input.customer_id,
      token: input.token,
    })
    // Before the audit entry, so a handler that throws leaves no "verified" entry behind.
    const emailVerified = createHook("emailVerified", {
      customer_id: input.customer_id,
      email: verification.email,
      verified_at: verification.verified_at,
      additional_data: input.additional_data,
    })
    recordAuditStep(
      transform({ input, verification }, ({ input, verification }) => ({
        kind: "auth" as const,
        action: "auth.email_verified",
        actor_type: "customer",
        actor_id: input.customer_id,
        target_id: input.customer_id,
        ip: input.ip ?? null,
        status: 200,
        metadata: { email: verification.email },
      }))
    )
    return new WorkflowResponse(verification, { hooks: [emailVerified] })
  }
)
