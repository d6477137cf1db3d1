import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { recordAuditStep } from "../email-verification/steps/record-audit"
import { setIdentityCustomerStep } from "./steps/set-identity-customer"
import { validateSsoLinkStep } from "./steps/validate-sso-link"

export type LinkSsoIdentityInput = { customer_id: string; token: string; ip?: string }

/** The logged-in customer links an IdP sign-in (its callback token) to the account. */
export const linkSsoIdentityWorkflow = createWorkflow(
  "link-sso-identity",
  (input: LinkSsoIdentityInput) => {
    const sso = validateSsoLinkStep({ customer_id: input.customer_id, token: input.token })
    setIdentityCustomerStep(
      transform({ sso, input }, ({ sso, input }) => ({
        auth_identity_id: sso.auth_identity_id,
        customer_id: input.customer_id,
      }))
    )
    recordAuditStep(
      transform({ sso, input }, ({ sso, input }) => ({
        kind: "auth" as const,
        action: "auth.sso_identity_linked",
        actor_type: "customer",
        actor_id: input.customer_id,
        target_id: input.customer_id,
        ip: input.ip ?? null,
        status: 200,
        metadata: { provider: sso.provider, email: sso.email },
      }))
    )
    return new WorkflowResponse(
      transform({ sso }, ({ sso }) => ({ provider: sso.provider, email: sso.email }))
    )
  }
)
