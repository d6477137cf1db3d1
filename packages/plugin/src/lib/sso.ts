import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { readSsoConfig, type SsoConfig } from "../config/auth"
import { isRecord } from "./http"

let cached: SsoConfig | undefined

/** The sign-in providers the app was started with (validated again by medusa-config.ts). */
export function ssoConfig(): SsoConfig {
  cached ??= readSsoConfig(process.env)
  return cached
}

export function isSsoProvider(id: string | undefined): boolean {
  return !!id && ssoConfig().providers.some((p) => p.id === id)
}

/** What the IdP asserted, as auth-oidc stored it after validating the ID token. */
export type SsoClaims = {
  auth_identity_id: string
  provider: string
  subject: string
  email: string | null
  email_verified: boolean
  given_name: string | null
  family_name: string | null
  app_metadata: Record<string, unknown>
}

/**
 * Whether the IdP vouched for the e-mail: only the boolean `email_verified: true`. Medusa's
 * Google provider stores no such claim but refuses every Google sign-in without it, so its
 * identities count as verified. GitHub's profile e-mail does not.
 */
export function emailVerifiedBy(kind: string | undefined, meta: Record<string, unknown>): boolean {
  return kind === "google" || meta.email_verified === true
}

const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null)

/**
 * Reads the provider identity of `provider` on an auth identity. Only `email_verified: true`
 * (the boolean) counts as verified; a string "true" or a missing claim does not.
 */
export async function loadSsoClaims(
  container: MedusaContainer,
  authIdentityId: string,
  provider: string
): Promise<SsoClaims> {
  const auth = container.resolve(Modules.AUTH)
  const identity = await auth.retrieveAuthIdentity(authIdentityId, {
    relations: ["provider_identities"],
  })
  const pi = identity.provider_identities?.find((p) => p.provider === provider)
  if (!pi) {
    throw new MedusaError(
      MedusaError.Types.UNAUTHORIZED,
      `This sign-in was not made with ${provider}`
    )
  }
  const meta = isRecord(pi.user_metadata) ? pi.user_metadata : {}
  const email = str(meta.email)?.toLowerCase() ?? null
  return {
    auth_identity_id: identity.id,
    provider,
    subject: pi.entity_id,
    email,
    email_verified: emailVerifiedBy(
      ssoConfig().providers.find((p) => p.id === provider)?.kind,
      meta
    ),
    given_name: str(meta.given_name)?.slice(0, 200) ?? null,
    family_name: str(meta.family_name)?.slice(0, 200) ?? null,
    app_metadata: isRecord(identity.app_metadata) ? identity.app_metadata : {},
  }
}

/** A staff account switched off by an administrator (`metadata.disabled: true` on the user). */
export function isDisabledUser(user: { metadata?: Record<string, unknown> | null }): boolean {
  return user.metadata?.disabled === true
}

export type CustomerSignIn = { provider: string; email: string | null }

/** One row per way the customer can sign in; never the IdP's subject or any token. */
export async function customerSignIns(
  container: MedusaContainer,
  customerId: string
): Promise<CustomerSignIn[]> {
  const identities = await container
    .resolve(Modules.AUTH)
    .listAuthIdentities(
      { app_metadata: { customer_id: customerId } },
      { relations: ["provider_identities"] }
    )
  return identities
    .flatMap((i) => i.provider_identities ?? [])
    .map((p) => {
      const meta = isRecord(p.user_metadata) ? p.user_metadata : {}
      const email = p.provider === "emailpass" ? p.entity_id : str(meta.email)
      return { provider: p.provider, email: email ?? null }
    })
    .sort((a, b) => a.provider.localeCompare(b.provider))
}
