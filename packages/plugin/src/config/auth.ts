/**
 * Sign-in providers from the environment: e-mail + password (always), any number of
 * OpenID Connect providers through @medusajs/auth-oidc, and Google and GitHub through
 * Medusa's own providers. Read once by the app's medusa-config.ts; problems are thrown
 * as one error that names every offending variable, so a bad setup never boots.
 *
 *   AUTH_OIDC_PROVIDERS=keycloak,okta           ids (lowercase letters, digits, "-")
 *   AUTH_OIDC_<ID>_ISSUER                       https://idp.example.com/realms/shop
 *   AUTH_OIDC_<ID>_CLIENT_ID / _CLIENT_SECRET
 *   AUTH_OIDC_<ID>_CALLBACK_URL                 default redirect_uri
 *   AUTH_OIDC_<ID>_ALLOWED_CALLBACK_URLS        comma list; required in production
 *   AUTH_OIDC_<ID>_SCOPES                       default "openid email profile"
 *   AUTH_OIDC_<ID>_ACTORS                       customer | user | customer,user (default customer)
 *   AUTH_OIDC_<ID>_DISPLAY_NAME                 the button text ("Continue with …")
 *   AUTH_OIDC_<ID>_EMAIL_VERIFIED_CLAIM         default email_verified (Entra ID: xms_edov)
 *   AUTH_GOOGLE_CLIENT_ID / _CLIENT_SECRET / _CALLBACK_URL / _ACTORS
 *   AUTH_GITHUB_CLIENT_ID / _CLIENT_SECRET / _CALLBACK_URL / _ACTORS
 */

export type SsoActor = "customer" | "user"
export const SSO_ACTORS: readonly SsoActor[] = ["customer", "user"]

export type OidcProviderConfig = {
  id: string
  kind: "oidc"
  issuer: string
  clientId: string
  clientSecret?: string
  callbackUrl: string
  allowedCallbackUrls: string[]
  scopes: string[]
  actors: SsoActor[]
  displayName: string
  /** The boolean claim that says the IdP verified the e-mail. */
  emailVerifiedClaim: string
}

export type OAuthProviderConfig = {
  id: "google" | "github"
  kind: "google" | "github"
  clientId: string
  clientSecret: string
  callbackUrl: string
  actors: SsoActor[]
}

export type SsoProviderConfig = OidcProviderConfig | OAuthProviderConfig

export type SsoConfig = {
  providers: SsoProviderConfig[]
  /** Staff may sign in through an IdP without an invite when their verified e-mail is in one of these. */
  adminEmailDomains: string[]
}

type Env = Record<string, string | undefined>

const ID_PATTERN = /^[a-z][a-z0-9-]{0,39}$/
const RESERVED_IDS = new Set(["emailpass", "google", "github", "providers", "session", "token"])

function list(raw: string | undefined, separator = /[,\s]+/): string[] {
  return (raw ?? "")
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean)
}

function envKey(id: string): string {
  return id.toUpperCase().replace(/-/g, "_")
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value)
  } catch {
    return undefined
  }
}

function isLoopback(url: URL): boolean {
  return ["localhost", "127.0.0.1", "[::1]", "::1"].includes(url.hostname)
}

function parseActors(raw: string | undefined, name: string, problems: string[]): SsoActor[] {
  const actors = raw ? list(raw) : ["customer"]
  const bad = actors.filter((a) => !SSO_ACTORS.includes(a as SsoActor))
  if (bad.length || !actors.length) {
    problems.push(`${name} must be customer, user or customer,user (got "${raw}")`)
    return []
  }
  return [...new Set(actors)] as SsoActor[]
}

/** Parses and validates the sign-in providers; throws one error listing every problem. */
export function readSsoConfig(env: Env = process.env): SsoConfig {
  const production = env.NODE_ENV === "production"
  const problems: string[] = []
  const providers: SsoProviderConfig[] = []

  const ids = list(env.AUTH_OIDC_PROVIDERS, /,/)
  for (const id of ids) {
    const p = `AUTH_OIDC_${envKey(id)}_`
    if (!ID_PATTERN.test(id) || RESERVED_IDS.has(id)) {
      problems.push(
        `AUTH_OIDC_PROVIDERS: "${id}" is not a valid provider id (lowercase letters, digits and "-", not ${[...RESERVED_IDS].join("/")})`
      )
      continue
    }
    if (ids.filter((other) => other === id).length > 1) {
      problems.push(`AUTH_OIDC_PROVIDERS: "${id}" is listed twice`)
      continue
    }
    const issuer = env[`${p}ISSUER`] ?? ""
    const clientId = env[`${p}CLIENT_ID`] ?? ""
    const callbackUrl = env[`${p}CALLBACK_URL`] ?? ""
    const allowedCallbackUrls = list(env[`${p}ALLOWED_CALLBACK_URLS`], /,/)
    const issuerUrl = parseUrl(issuer)
    if (!issuer) problems.push(`${p}ISSUER is required`)
    else if (!issuerUrl) problems.push(`${p}ISSUER is not a URL: "${issuer}"`)
    else if (issuerUrl.protocol !== "https:") {
      // auth-oidc itself allows http only for loopback outside production; say so before it does.
      if (production) problems.push(`${p}ISSUER must use https in production (got ${issuer})`)
      else if (!(issuerUrl.protocol === "http:" && isLoopback(issuerUrl)))
        problems.push(`${p}ISSUER must use https (http only for localhost outside production)`)
    }
    if (!clientId) problems.push(`${p}CLIENT_ID is required`)
    if (!callbackUrl) problems.push(`${p}CALLBACK_URL is required`)
    else if (!parseUrl(callbackUrl)) problems.push(`${p}CALLBACK_URL is not a URL`)
    for (const url of allowedCallbackUrls) {
      if (!parseUrl(url)) problems.push(`${p}ALLOWED_CALLBACK_URLS: "${url}" is not a URL`)
    }
    if (production && !allowedCallbackUrls.length) {
      // Without it any redirect_uri the IdP accepts works, and a lax IdP registration leaks codes.
      problems.push(`${p}ALLOWED_CALLBACK_URLS is required in production`)
    }
    if (callbackUrl && allowedCallbackUrls.length && !allowedCallbackUrls.includes(callbackUrl)) {
      problems.push(`${p}CALLBACK_URL must be one of ${p}ALLOWED_CALLBACK_URLS`)
    }
    const verifiedClaim = env[`${p}EMAIL_VERIFIED_CLAIM`]
    if (verifiedClaim && !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(verifiedClaim))
      problems.push(`${p}EMAIL_VERIFIED_CLAIM is not a claim name`)
    const scopes = env[`${p}SCOPES`] ? list(env[`${p}SCOPES`]) : ["openid", "email", "profile"]
    if (!scopes.includes("openid")) problems.push(`${p}SCOPES must include "openid"`)
    providers.push({
      id,
      kind: "oidc",
      issuer,
      clientId,
      clientSecret: env[`${p}CLIENT_SECRET`] || undefined,
      callbackUrl,
      allowedCallbackUrls,
      scopes,
      actors: parseActors(env[`${p}ACTORS`], `${p}ACTORS`, problems),
      displayName: env[`${p}DISPLAY_NAME`] || id,
      emailVerifiedClaim: env[`${p}EMAIL_VERIFIED_CLAIM`] || "email_verified",
    })
  }

  for (const kind of ["google", "github"] as const) {
    const p = `AUTH_${kind.toUpperCase()}_`
    const clientId = env[`${p}CLIENT_ID`]
    if (!clientId) continue
    const clientSecret = env[`${p}CLIENT_SECRET`] ?? ""
    const callbackUrl = env[`${p}CALLBACK_URL`] ?? ""
    if (!clientSecret) problems.push(`${p}CLIENT_SECRET is required with ${p}CLIENT_ID`)
    const cb = parseUrl(callbackUrl)
    if (!cb) problems.push(`${p}CALLBACK_URL is required with ${p}CLIENT_ID`)
    else if (production && cb.protocol !== "https:")
      problems.push(`${p}CALLBACK_URL must use https in production`)
    providers.push({
      id: kind,
      kind,
      clientId,
      clientSecret,
      callbackUrl,
      actors: parseActors(env[`${p}ACTORS`], `${p}ACTORS`, problems),
    })
  }

  const adminEmailDomains = list(env.SSO_ADMIN_EMAIL_DOMAINS, /,/).map((d) => d.toLowerCase())
  for (const d of adminEmailDomains) {
    if (!/^[a-z0-9.-]+\.[a-z]{2,}$/.test(d) && d !== "localhost")
      problems.push(`SSO_ADMIN_EMAIL_DOMAINS: "${d}" is not a domain`)
  }

  if (problems.length) {
    throw new Error(`Invalid sign-in provider configuration:\n - ${problems.join("\n - ")}`)
  }
  return { providers, adminEmailDomains }
}

/** Ids of the providers that sign in through an external IdP, per actor. */
export function ssoProviderIds(config: SsoConfig, actor?: SsoActor): string[] {
  return config.providers.filter((p) => !actor || p.actors.includes(actor)).map((p) => p.id)
}

function providerModule(p: SsoProviderConfig): Record<string, unknown> {
  if (p.kind === "oidc") {
    return {
      resolve: "@medusajs/auth-oidc",
      id: p.id,
      options: {
        issuer: p.issuer,
        client_id: p.clientId,
        ...(p.clientSecret ? { client_secret: p.clientSecret } : {}),
        callback_url: p.callbackUrl,
        ...(p.allowedCallbackUrls.length ? { allowed_callback_urls: p.allowedCallbackUrls } : {}),
        scopes: p.scopes,
        display_name: p.displayName,
        // Shoppers with an unverified IdP e-mail may sign in; the plugin records the claim
        // and never links or verifies on it (docs/security.md). Staff need a verified one.
        require_verified_email: false,
        claim_mappings: {
          email_verified: p.emailVerifiedClaim,
          given_name: "given_name",
          family_name: "family_name",
        },
      },
    }
  }
  return {
    resolve: p.kind === "google" ? "@medusajs/auth-google" : "@medusajs/auth-github",
    id: p.id,
    options: { clientId: p.clientId, clientSecret: p.clientSecret, callbackUrl: p.callbackUrl },
  }
}

/** The auth module with e-mail + password and every configured provider (empty list: Medusa's default). */
export function authModules(config: SsoConfig): Record<string, unknown>[] {
  if (!config.providers.length) return []
  return [
    {
      resolve: "@medusajs/medusa/auth",
      options: {
        providers: [
          { resolve: "@medusajs/medusa/auth-emailpass", id: "emailpass" },
          ...config.providers.map(providerModule),
        ],
      },
    },
  ]
}

/**
 * projectConfig.http.authMethodsPerActor: which providers each actor may use (Medusa refuses
 * the rest on /auth/:actor/:provider*; the admin login page lists the user's as SSO buttons).
 * Undefined without providers, keeping Medusa's default.
 */
export function authMethodsPerActor(config: SsoConfig): Record<string, string[]> | undefined {
  if (!config.providers.length) return undefined
  return {
    customer: ["emailpass", ...ssoProviderIds(config, "customer")],
    user: ["emailpass", ...ssoProviderIds(config, "user")],
  }
}
