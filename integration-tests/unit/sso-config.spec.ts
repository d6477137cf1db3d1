import { authMethodsPerActor, authModules, readSsoConfig } from "@commerce-api/plugin/config/auth"

const keycloak = {
  AUTH_OIDC_PROVIDERS: "keycloak",
  AUTH_OIDC_KEYCLOAK_ISSUER: "https://id.example.com/realms/shop",
  AUTH_OIDC_KEYCLOAK_CLIENT_ID: "shop",
  AUTH_OIDC_KEYCLOAK_CLIENT_SECRET: "s3cret",
  AUTH_OIDC_KEYCLOAK_CALLBACK_URL: "https://shop.example.com/account/sso/keycloak",
  AUTH_OIDC_KEYCLOAK_ALLOWED_CALLBACK_URLS:
    "https://shop.example.com/account/sso/keycloak,https://api.example.com/app/login?auth_provider=keycloak",
  AUTH_OIDC_KEYCLOAK_ACTORS: "customer,user",
}

describe("sign-in provider configuration (AUTH_* env)", () => {
  it("keeps Medusa's defaults without providers", () => {
    const config = readSsoConfig({})
    expect(authModules(config)).toEqual([])
    expect(authMethodsPerActor(config)).toBeUndefined()
  })

  it("registers emailpass plus each provider, and the providers per actor", () => {
    const config = readSsoConfig({
      ...keycloak,
      NODE_ENV: "production",
      AUTH_GOOGLE_CLIENT_ID: "g-id",
      AUTH_GOOGLE_CLIENT_SECRET: "g-secret",
      AUTH_GOOGLE_CALLBACK_URL: "https://shop.example.com/account/sso/google",
      SSO_ADMIN_EMAIL_DOMAINS: "Example.com",
    })
    const [auth] = authModules(config) as Array<{ resolve: string; options: { providers: any[] } }>
    expect(auth.resolve).toBe("@medusajs/medusa/auth")
    expect(auth.options.providers.map((p) => [p.resolve, p.id])).toEqual([
      ["@medusajs/medusa/auth-emailpass", "emailpass"],
      ["@medusajs/auth-oidc", "keycloak"],
      ["@medusajs/auth-google", "google"],
    ])
    expect(auth.options.providers[1].options).toMatchObject({
      issuer: "https://id.example.com/realms/shop",
      client_id: "shop",
      client_secret: "s3cret",
      scopes: ["openid", "email", "profile"],
      require_verified_email: false,
      claim_mappings: {
        email_verified: "email_verified",
        given_name: "given_name",
        family_name: "family_name",
      },
      allowed_callback_urls: keycloak.AUTH_OIDC_KEYCLOAK_ALLOWED_CALLBACK_URLS.split(","),
    })
    expect(authMethodsPerActor(config)).toEqual({
      customer: ["emailpass", "keycloak", "google"],
      user: ["emailpass", "keycloak"],
    })
    expect(config.adminEmailDomains).toEqual(["example.com"])
  })

  it("reads the verified-e-mail claim Entra ID sends (xms_edov) when told to", () => {
    const [auth] = authModules(
      readSsoConfig({ ...keycloak, AUTH_OIDC_KEYCLOAK_EMAIL_VERIFIED_CLAIM: "xms_edov" })
    ) as Array<{ options: { providers: any[] } }>
    expect(auth.options.providers[1].options.claim_mappings.email_verified).toBe("xms_edov")
  })

  it("production refuses an http issuer and a missing callback allowlist", () => {
    expect(() =>
      readSsoConfig({
        ...keycloak,
        NODE_ENV: "production",
        AUTH_OIDC_KEYCLOAK_ISSUER: "http://127.0.0.1:8080/realms/shop",
        AUTH_OIDC_KEYCLOAK_ALLOWED_CALLBACK_URLS: "",
      })
    ).toThrow(
      /AUTH_OIDC_KEYCLOAK_ISSUER must use https in production[\s\S]*AUTH_OIDC_KEYCLOAK_ALLOWED_CALLBACK_URLS is required in production/
    )
    // Outside production, http on loopback is allowed (local IdPs, tests); elsewhere never.
    expect(() =>
      readSsoConfig({ ...keycloak, AUTH_OIDC_KEYCLOAK_ISSUER: "http://localhost:8080/realms/x" })
    ).not.toThrow()
    expect(() =>
      readSsoConfig({ ...keycloak, AUTH_OIDC_KEYCLOAK_ISSUER: "http://id.example.com/realms/x" })
    ).toThrow(/must use https/)
  })

  it("names every problem at once", () => {
    let message = ""
    try {
      readSsoConfig({
        AUTH_OIDC_PROVIDERS: "okta,Bad_Id,emailpass",
        AUTH_OIDC_OKTA_ISSUER: "not a url",
        AUTH_OIDC_OKTA_CALLBACK_URL: "https://shop.example.com/cb",
        AUTH_OIDC_OKTA_ALLOWED_CALLBACK_URLS: "https://shop.example.com/other",
        AUTH_OIDC_OKTA_SCOPES: "email profile",
        AUTH_OIDC_OKTA_ACTORS: "admin",
        AUTH_GITHUB_CLIENT_ID: "gh",
        SSO_ADMIN_EMAIL_DOMAINS: "not a domain",
      })
    } catch (e) {
      message = (e as Error).message
    }
    for (const expected of [
      'AUTH_OIDC_PROVIDERS: "Bad_Id" is not a valid provider id',
      'AUTH_OIDC_PROVIDERS: "emailpass" is not a valid provider id',
      "AUTH_OIDC_OKTA_ISSUER is not a URL",
      "AUTH_OIDC_OKTA_CLIENT_ID is required",
      "AUTH_OIDC_OKTA_CALLBACK_URL must be one of AUTH_OIDC_OKTA_ALLOWED_CALLBACK_URLS",
      'AUTH_OIDC_OKTA_SCOPES must include "openid"',
      "AUTH_OIDC_OKTA_ACTORS must be customer, user or customer,user",
      "AUTH_GITHUB_CLIENT_SECRET is required",
      "AUTH_GITHUB_CALLBACK_URL is required",
      'SSO_ADMIN_EMAIL_DOMAINS: "not a domain" is not a domain',
    ]) {
      expect(message).toContain(expected)
    }
  })
})
