import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { recordAuditStep } from "../email-verification/steps/record-audit"
import { setIdentityCustomerStep } from "./steps/set-identity-customer"
import { validateSsoUnlinkStep } from "./steps/validate-sso-unlink"

export type UnlinkSsoIdentityInput = { customer_id: string; provider: string; ip?: string }

/** Removes an IdP sign-in from the customer's account while another way to sign in remains. */
export const unlinkSsoIdentityWorkflow = createWorkflow(
  "unlink-sso-identity",
  (input: UnlinkSsoIdentityInput) => {
    const target = validateSsoUnlinkStep({
      customer_id: input.customer_id,
      provider: input.provider,
    })
    setIdentityCustomerStep(
      transform({ target }, ({ target }) => ({
        auth_identity_id: target.auth_identity_id,
        customer_id: null,
      }))
    )
    recordAuditStep(
      transform({ input }, ({ input }) => ({
        kind: "auth" as const,
        action: "auth.sso_identity_unlinked",
        actor_type: "customer",
        actor_id: input.customer_id,
        target_id: input.customer_id,
        ip: input.ip ?? null,
        status: 200,
        metadata: { provider: input.provider },
      }))
    )
    return new WorkflowResponse(transform({ input }, ({ input }) => ({ provider: input.provider })))
  }
)
