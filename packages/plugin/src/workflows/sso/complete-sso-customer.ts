import {
  createWorkflow,
  transform,
  when,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { createCustomersWorkflow, useQueryGraphStep } from "@medusajs/medusa/core-flows"
import { recordAuditStep } from "../email-verification/steps/record-audit"
import { markEmailVerifiedByIdpStep } from "./steps/mark-email-verified-by-idp"
import { resolveSsoCustomerStep } from "./steps/resolve-sso-customer"
import { setIdentityCustomerStep } from "./steps/set-identity-customer"

export type CompleteSsoCustomerInput = { auth_identity_id: string; provider: string; ip?: string }

/**
 * A shopper's first sign-in through an IdP: creates the customer (has_account, names and
 * e-mail from the ID token) or links an existing one when the linking rules allow, and
 * records the e-mail as verified only when the IdP said so.
 */
export const completeSsoCustomerWorkflow = createWorkflow(
  "complete-sso-customer",
  (input: CompleteSsoCustomerInput) => {
    const plan = resolveSsoCustomerStep({
      auth_identity_id: input.auth_identity_id,
      provider: input.provider,
    })
    // createCustomersWorkflow + our link step rather than createCustomerAccountWorkflow: the
    // resolve step already checked the e-mail, and an unlinked sign-in (customer_id null)
    // must be able to get an account again.
    const created = when({ plan }, ({ plan }) => plan.action === "create").then(() =>
      createCustomersWorkflow.runAsStep({
        input: transform({ plan }, ({ plan }) => ({
          customersData: [
            {
              email: plan.claims.email ?? "",
              first_name: plan.claims.given_name,
              last_name: plan.claims.family_name,
              has_account: true,
            },
          ],
        })),
      })
    )
    const customerId = transform({ plan, created }, ({ plan, created }) =>
      plan.action === "create" ? (created?.[0]?.id ?? "") : (plan.customer_id ?? "")
    )
    setIdentityCustomerStep(
      transform({ customerId, input }, ({ customerId, input }) => ({
        auth_identity_id: input.auth_identity_id,
        customer_id: customerId,
      }))
    )
    when({ plan }, ({ plan }) => plan.claims.email_verified).then(() =>
      markEmailVerifiedByIdpStep(
        transform({ plan, customerId }, ({ plan, customerId }) => ({
          customer_id: customerId,
          email: plan.claims.email ?? "",
        }))
      )
    )
    recordAuditStep(
      transform({ plan, customerId, input }, ({ plan, customerId, input }) => ({
        kind: "auth" as const,
        action: plan.action === "create" ? "auth.sso_customer_created" : "auth.sso_customer_linked",
        actor_type: "customer",
        actor_id: customerId,
        target_id: customerId,
        ip: input.ip ?? null,
        status: 200,
        metadata: {
          provider: input.provider,
          email: plan.claims.email,
          email_verified: plan.claims.email_verified,
        },
      }))
    )
    const { data } = useQueryGraphStep({
      entity: "customer",
      fields: ["id", "email", "first_name", "last_name", "has_account"],
      filters: { id: customerId },
    }).config({ name: "sso-customer-result" })
    return new WorkflowResponse(
      transform({ data, plan }, ({ data, plan }) => ({ customer: data[0], action: plan.action }))
    )
  }
)
