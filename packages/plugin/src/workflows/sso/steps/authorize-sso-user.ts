import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { isDisabledUser, loadSsoClaims, ssoConfig } from "../../../lib/sso"

export type AuthorizeSsoUserInput = { auth_identity_id: string; provider: string }
export type SsoUserDecision = {
  email: string
  reason: "existing_user" | "invite" | "allowed_domain" | "already_linked"
  user_id: string | null
}

const refuse = (message: string) => new MedusaError(MedusaError.Types.FORBIDDEN, message)

/**
 * Staff SSO policy, run before Medusa links or creates the admin user for an IdP sign-in
 * (POST /auth/:provider/user): the IdP must have verified the e-mail, and it must belong to an
 * active admin user, to a pending invite, or to a domain in SSO_ADMIN_EMAIL_DOMAINS. A
 * disabled or deleted user is never (re-)admitted, whatever the domain.
 */
export const authorizeSsoUserStep = createStep(
  "authorize-sso-user",
  async (input: AuthorizeSsoUserInput, { container }) => {
    const claims = await loadSsoClaims(container, input.auth_identity_id, input.provider)
    const users = container.resolve(Modules.USER)
    const linked = claims.app_metadata.user_id
    if (typeof linked === "string" && linked) {
      const [user] = await users.listUsers({ id: linked })
      if (!user || isDisabledUser(user)) throw refuse("This admin account is disabled")
      return new StepResponse<SsoUserDecision>({
        email: claims.email ?? "",
        reason: "already_linked",
        user_id: user.id,
      })
    }
    if (!claims.email || !claims.email_verified) {
      throw refuse("The identity provider did not confirm a verified e-mail address")
    }
    const email = claims.email
    const [user] = await users.listUsers({ email })
    if (user) {
      if (isDisabledUser(user)) throw refuse("This admin account is disabled")
      return new StepResponse<SsoUserDecision>({ email, reason: "existing_user", user_id: user.id })
    }
    // An offboarded (deleted) user must not come back through the domain rule.
    const deleted = await users.listUsers({ email }, { withDeleted: true })
    if (deleted.length) throw refuse("This admin account was removed")
    const invites = await users.listInvites({ email })
    if (invites.some((i) => !i.accepted && new Date(i.expires_at).getTime() > Date.now())) {
      return new StepResponse<SsoUserDecision>({ email, reason: "invite", user_id: null })
    }
    const domain = email.split("@")[1] ?? ""
    if (ssoConfig().adminEmailDomains.includes(domain)) {
      return new StepResponse<SsoUserDecision>({ email, reason: "allowed_domain", user_id: null })
    }
    throw refuse("No admin account or invite exists for this e-mail address")
  }
)
