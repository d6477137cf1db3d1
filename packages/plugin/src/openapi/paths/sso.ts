import { LinkSsoIdentityBody } from "../../api/store/sso/validators"
import { body, errors, json } from "../components"
import { OpenAPIRegistry, security, SECURITY, z, type PathModule } from "../registry"

const Provider = z.string().openapi({
  description: "Provider id from AUTH_OIDC_PROVIDERS, or `google` / `github`",
  example: "keycloak",
})
const Location = z
  .object({ location: z.string().openapi({ description: "The IdP's authorization URL" }) })
  .openapi("SsoLocation")
const StartBody = z
  .object({
    callback_url: z.string().optional().openapi({
      description:
        "Where the IdP sends the browser back; must be in AUTH_OIDC_<ID>_ALLOWED_CALLBACK_URLS when set",
    }),
  })
  .openapi("SsoStartBody")
const CallbackResult = z
  .union([
    z.object({ token: z.string() }),
    z.object({ mfa_required: z.literal(true), token: z.string() }).passthrough(),
  ])
  .openapi("SsoCallbackResult")
const CallbackQuery = z.object({
  code: z.string().optional(),
  state: z.string().optional(),
  error: z.string().optional(),
})
const SsoCustomer = z
  .object({
    customer: z
      .object({
        id: z.string(),
        email: z.string(),
        first_name: z.string().nullable(),
        last_name: z.string().nullable(),
        has_account: z.boolean(),
      })
      .passthrough(),
    action: z.enum(["create", "link"]),
  })
  .openapi("SsoCustomerResult")
const bearer = [{ [SECURITY.bearer]: [] }]
const SignIns = z
  .object({
    identities: z.array(
      z.object({
        provider: z.string().openapi({ example: "keycloak" }),
        email: z.string().nullable(),
      })
    ),
  })
  .openapi("SsoSignIns")

function register(registry: OpenAPIRegistry) {
  const tags = ["Sign-in with an identity provider"]
  for (const actor of ["customer", "user"] as const) {
    const who = actor === "customer" ? "a shopper" : "an admin user"
    registry.registerPath({
      method: "post",
      path: `/auth/${actor}/{sso_provider}`,
      tags,
      summary: `Start signing in ${who} at an identity provider`,
      description:
        "Medusa's route with @medusajs/auth-oidc (or auth-google/auth-github): returns the IdP " +
        "URL to send the browser to (PKCE, nonce and state kept server-side). Counts toward the " +
        "per-IP brute-force budget and is audited.",
      security: security.none,
      request: {
        params: z.object({ sso_provider: Provider }),
        body: { content: { "application/json": { schema: StartBody } }, required: false },
      },
      // The same Medusa route serves e-mail + password (`emailpass`), which answers a token.
      responses: {
        "200": json(
          "Where to send the browser (a token for emailpass)",
          z.union([Location, z.object({ token: z.string() })])
        ),
        ...errors(400, 401, 429),
      },
    })
    registry.registerPath({
      method: "get",
      path: `/auth/${actor}/{sso_provider}/callback`,
      tags,
      summary: `Finish signing in ${who}: validate the IdP's answer and issue a token`,
      description:
        "Pass the query the IdP sent the browser back with. The ID token is validated (signature, " +
        "issuer, audience, expiry, nonce; state and PKCE). A token without `actor_id` means no " +
        (actor === "customer"
          ? "customer yet: POST /store/sso/customer with it, then POST /auth/token/refresh."
          : "admin user yet: POST /auth/{sso_provider}/user with it, then POST /auth/token/refresh.") +
        " A failure (bad or missing state, a replayed code, an invalid ID token) is 401 and counts " +
        "toward the per-IP brute-force budget.",
      security: security.none,
      request: { params: z.object({ sso_provider: Provider }), query: CallbackQuery },
      responses: { "200": json("Token", CallbackResult), ...errors(400, 401, 429) },
    })
  }
  registry.registerPath({
    method: "post",
    path: "/auth/{sso_provider}/user",
    tags,
    summary: "Link or create the admin user of a first staff sign-in",
    description:
      "Medusa's route, guarded by the staff policy: the IdP must have verified the e-mail, and it " +
      "must belong to an active admin user, a pending invite, or a domain in SSO_ADMIN_EMAIL_DOMAINS. " +
      "A disabled (metadata.disabled) or deleted user is refused.",
    security: bearer,
    request: { params: z.object({ sso_provider: Provider }) },
    responses: {
      "200": json("The admin user", z.object({ user: z.record(z.string(), z.unknown()) })),
      ...errors(400, 401, 403),
    },
  })
  registry.registerPath({
    method: "post",
    path: "/store/sso/customer",
    tags,
    summary: "Create or link the customer of a first shopper sign-in",
    description:
      "With the callback's token (no customer yet): creates the customer from the ID token " +
      "(has_account, e-mail, given/family name; the e-mail counts as verified only with " +
      "`email_verified: true`). An e-mail of a registered customer is never taken over: it links " +
      "only when the IdP verified it and the store set sso.linkVerifiedEmail; otherwise 422. " +
      "Then POST /auth/token/refresh.",
    security: [{ [SECURITY.publishableKey]: [], [SECURITY.bearer]: [] }],
    responses: {
      "201": json("Customer created", SsoCustomer),
      "200": json("Linked to the existing customer", SsoCustomer),
      ...errors(400, 401, 422),
    },
  })
  registry.registerPath({
    method: "get",
    path: "/store/sso/identities",
    tags,
    summary: "The ways the logged-in customer can sign in",
    security: security.customer,
    responses: { "200": json("Sign-in methods", SignIns), ...errors(401) },
  })
  registry.registerPath({
    method: "post",
    path: "/store/sso/identities",
    tags,
    summary: "Link an identity provider sign-in to the logged-in account",
    description:
      "Sign in with the provider first (its callback returns a token without a customer), then send " +
      "that token here while logged in. Refused (400) when the IdP did not verify the e-mail; 400 " +
      "when the sign-in already belongs to an account or the account has one for that provider.",
    security: security.customer,
    request: { body: body(registry.register("LinkSsoIdentityBody", LinkSsoIdentityBody)) },
    responses: { "200": json("Linked", SignIns), ...errors(400, 401) },
  })
  registry.registerPath({
    method: "delete",
    path: "/store/sso/identities/{provider}",
    tags,
    summary: "Unlink an identity provider sign-in",
    description:
      "Allowed while another way to sign in (a password or another provider) remains; else 400.",
    security: security.customer,
    request: { params: z.object({ provider: Provider }) },
    responses: { "200": json("Unlinked", SignIns), ...errors(400, 401, 404) },
  })
}

export const ssoPaths: PathModule = {
  tag: "Sign-in with an identity provider",
  description:
    "OpenID Connect (any number of providers), Google and GitHub through Medusa's auth providers, for shoppers and staff (docs/security.md).",
  register,
}
