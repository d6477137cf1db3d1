import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import jwt from "jsonwebtoken"
import { isSsoProvider, loadSsoClaims, type SsoClaims } from "../../../lib/sso"

export type ValidateSsoLinkInput = { customer_id: string; token: string }

const invalid = (message: string) => new MedusaError(MedusaError.Types.INVALID_DATA, message)

/**
 * A logged-in customer links an IdP sign-in by handing over the token its callback returned.
 * The token must be ours (signature), a customer sign-in through an IdP with no customer yet,
 * and the IdP must have verified its e-mail: an unverified IdP e-mail never links.
 */
export const validateSsoLinkStep = createStep(
  "validate-sso-link",
  async (input: ValidateSsoLinkInput, { container }) => {
    const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
    const { jwtSecret, jwtPublicKey, jwtOptions } = config.projectConfig.http
    let payload: jwt.JwtPayload | string
    try {
      payload = jwt.verify(input.token, jwtPublicKey ?? jwtSecret ?? "", {
        algorithms: jwtOptions?.algorithm ? [jwtOptions.algorithm] : ["HS256"],
      })
    } catch {
      throw invalid("The sign-in token is invalid or has expired: sign in with the provider again")
    }
    const claims = typeof payload === "string" ? {} : payload
    const provider = typeof claims.auth_provider === "string" ? claims.auth_provider : ""
    const authIdentityId =
      typeof claims.auth_identity_id === "string" ? claims.auth_identity_id : ""
    if (claims.actor_type !== "customer" || !authIdentityId || !isSsoProvider(provider)) {
      throw invalid("token must come from a customer sign-in through an identity provider")
    }
    const sso: SsoClaims = await loadSsoClaims(container, authIdentityId, provider)
    const linked = sso.app_metadata.customer_id
    if (linked) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        linked === input.customer_id
          ? "This sign-in is already linked to your account"
          : "This sign-in belongs to another account"
      )
    }
    if (!sso.email_verified) {
      throw invalid(
        "The identity provider has not verified this sign-in's e-mail: it cannot be linked"
      )
    }
    // One sign-in per provider per customer, so unlinking is unambiguous.
    const mine = await container
      .resolve(Modules.AUTH)
      .listAuthIdentities(
        { app_metadata: { customer_id: input.customer_id } },
        { relations: ["provider_identities"] }
      )
    if (mine.some((i) => i.provider_identities?.some((p) => p.provider === provider))) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Your account already has a ${provider} sign-in: unlink it first`
      )
    }
    return new StepResponse(sso)
  }
)
