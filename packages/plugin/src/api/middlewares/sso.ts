import {
  authenticate,
  validateAndTransformBody,
  type MedusaNextFunction,
  type MedusaResponse,
  type MiddlewareRoute,
} from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { isRecord, type MaybeAuthenticatedRequest } from "../../lib/http"
import { clientIp } from "../../lib/rate-limit"
import { isDisabledUser, isSsoProvider, loadSsoClaims } from "../../lib/sso"
import { authorizeSsoUserWorkflow } from "../../workflows/sso/authorize-sso-user"
import { LinkSsoIdentityBody } from "../store/sso/validators"

type Req = MaybeAuthenticatedRequest

type Handler = (req: Req, res: MedusaResponse, next: MedusaNextFunction) => unknown

/** Runs Medusa's authenticate first so these checks never depend on middleware order. */
function after(auth: Handler, check: (req: Req) => Promise<void>): Handler {
  return (req, res, next) =>
    auth(req, res, (err?: unknown) => {
      if (err) return next(err)
      check(req).then(() => next(), next)
    })
}

const userBearer = authenticate("user", "bearer", { allowUnregistered: true }) as Handler
const customerBearer = authenticate("customer", "bearer", { allowUnregistered: true }) as Handler
const anyUser = authenticate("user", ["session", "bearer"], {
  allowUnauthenticated: true,
}) as Handler

/** POST /auth/:provider/user links or creates an admin user: only as the staff policy allows. */
async function staffPolicy(req: Req) {
  const ctx = req.auth_context
  const provider = String(req.params.auth_provider ?? "")
  if (!ctx?.auth_identity_id || !isSsoProvider(provider)) return
  await authorizeSsoUserWorkflow(req.scope).run({
    input: { auth_identity_id: ctx.auth_identity_id, provider, ip: clientIp(req) },
  })
}

/** A disabled admin user's tokens and sessions stop working at once (offboarding). */
async function activeUser(req: Req) {
  const ctx = req.auth_context
  if (ctx?.actor_type !== "user" || !ctx.actor_id) return
  const [user] = await req.scope.resolve(Modules.USER).listUsers({ id: ctx.actor_id })
  if (user && isDisabledUser(user)) {
    throw new MedusaError(MedusaError.Types.UNAUTHORIZED, "This admin account is disabled")
  }
}

/** The SSO completion route takes only a token from an IdP sign-in without a customer. */
async function ssoRegistrationToken(req: Req) {
  const ctx = req.auth_context
  if (!ctx?.auth_identity_id || ctx.actor_id || !isSsoProvider(ctx.auth_provider)) {
    throw new MedusaError(
      MedusaError.Types.UNAUTHORIZED,
      "Send the token from an identity provider's callback that has no customer yet"
    )
  }
}

/**
 * Medusa's POST /store/customers (the Next.js starter's next step after a callback) with an
 * IdP token: the e-mail must be the one the IdP asserted, so nobody registers someone else's
 * address. POST /store/sso/customer does the rest (names, verified e-mail, linking rules).
 */
async function customerEmailMatchesIdp(req: Req) {
  const ctx = req.auth_context
  if (!ctx?.auth_identity_id || ctx.actor_id || !isSsoProvider(ctx.auth_provider)) return
  const claims = await loadSsoClaims(req.scope, ctx.auth_identity_id, ctx.auth_provider ?? "")
  const body = isRecord(req.body) ? req.body : {}
  const email = typeof body.email === "string" ? body.email.trim().toLowerCase() : ""
  if (!claims.email || email !== claims.email) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "email must be the address your identity provider signed you in with"
    )
  }
}

export const ssoMiddlewares: MiddlewareRoute[] = [
  {
    methods: ["POST"],
    matcher: "/auth/:auth_provider/user",
    middlewares: [after(userBearer, staffPolicy)],
  },
  { matcher: "/admin/*", middlewares: [after(anyUser, activeUser)] },
  {
    methods: ["POST"],
    matcher: "/store/sso/customer",
    middlewares: [after(customerBearer, ssoRegistrationToken)],
  },
  {
    matcher: "/store/sso/identities*",
    middlewares: [authenticate("customer", ["session", "bearer"])],
  },
  {
    methods: ["POST"],
    matcher: "/store/sso/identities",
    middlewares: [validateAndTransformBody(LinkSsoIdentityBody)],
  },
  {
    methods: ["POST"],
    matcher: "/store/customers",
    middlewares: [
      after(
        authenticate("customer", "bearer", {
          allowUnregistered: true,
          allowUnauthenticated: true,
        }) as Handler,
        customerEmailMatchesIdp
      ),
    ],
  },
]
