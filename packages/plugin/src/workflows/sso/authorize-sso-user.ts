import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { recordAuditStep } from "../email-verification/steps/record-audit"
import { authorizeSsoUserStep } from "./steps/authorize-sso-user"

export type AuthorizeSsoUserWorkflowInput = {
  auth_identity_id: string
  provider: string
  ip?: string
}

/** Checks the staff SSO policy (see the step) and audits an admitted sign-in. */
export const authorizeSsoUserWorkflow = createWorkflow(
  "authorize-sso-user",
  (input: AuthorizeSsoUserWorkflowInput) => {
    const decision = authorizeSsoUserStep({
      auth_identity_id: input.auth_identity_id,
      provider: input.provider,
    })
    recordAuditStep(
      transform({ decision, input }, ({ decision, input }) => ({
        kind: "auth" as const,
        action: "auth.sso_user_admitted",
        actor_type: "user",
        actor_id: decision.user_id,
        ip: input.ip ?? null,
        status: 200,
        metadata: { provider: input.provider, email: decision.email, reason: decision.reason },
      }))
    )
    return new WorkflowResponse(decision)
  }
)
