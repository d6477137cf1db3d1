import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { getPluginOptions } from "../../../lib/plugin-options"
import { loadSsoClaims, type SsoClaims } from "../../../lib/sso"

export type ResolveSsoCustomerInput = { auth_identity_id: string; provider: string }
export type SsoCustomerPlan = {
  claims: SsoClaims
  action: "create" | "link"
  customer_id: string | null
}

/**
 * Decides what a first sign-in through an IdP does. Account linking rules (docs/security.md):
 * an e-mail that belongs to a registered customer links only when the IdP verified it AND
 * the store allows linking by verified e-mail (sso.linkVerifiedEmail, off by default);
 * otherwise the shopper must sign in with the password and link from the account.
 */
export const resolveSsoCustomerStep = createStep(
  "resolve-sso-customer",
  async (input: ResolveSsoCustomerInput, { container }) => {
    const claims = await loadSsoClaims(container, input.auth_identity_id, input.provider)
    if (claims.app_metadata.customer_id) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "This sign-in already belongs to a customer: refresh the token instead"
      )
    }
    if (!claims.email) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "The identity provider sent no e-mail address (request the 'email' scope)"
      )
    }
    const customers = await container
      .resolve(Modules.CUSTOMER)
      .listCustomers({ email: claims.email, has_account: true }, { select: ["id"] })
    const existing = customers[0]
    if (!existing) {
      return new StepResponse<SsoCustomerPlan>({ claims, action: "create", customer_id: null })
    }
    if (claims.email_verified && getPluginOptions().sso.linkVerifiedEmail) {
      return new StepResponse<SsoCustomerPlan>({
        claims,
        action: "link",
        customer_id: existing.id,
      })
    }
    throw new MedusaError(
      MedusaError.Types.DUPLICATE_ERROR,
      "An account with this e-mail already exists. Sign in with your password, then link this provider from your account."
    )
  }
)
