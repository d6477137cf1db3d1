import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { confirmEmailVerificationStep } from "./steps/confirm-email-verification"
import { recordAuditStep } from "./steps/record-audit"

export type VerifyCustomerEmailInput = { customer_id: string; token: string; ip?: string }

export const verifyCustomerEmailWorkflow = createWorkflow(
  "verify-customer-email",
  (input: VerifyCustomerEmailInput) => {
    const verification = confirmEmailVerificationStep({
      customer_id: input.customer_id,
      token: input.token,
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
    return new WorkflowResponse(verification)
  }
)
