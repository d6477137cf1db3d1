import {
  authenticate,
  type AuthenticatedMedusaRequest,
  type MedusaNextFunction,
  type MedusaResponse,
  type MiddlewareRoute,
  validateAndTransformBody,
} from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import jwt from "jsonwebtoken"
import type { RateLimiterAbstract } from "rate-limiter-flexible"
import { isCustomerErased } from "../../lib/data-rights"
import {
  createLimiter,
  emitRateLimitRejected,
  envInt,
  isRejection,
  retryAfterSeconds,
  sendTooManyRequests,
} from "../../lib/rate-limit"
import { AUDIT_MODULE } from "../../modules/audit"
import type AuditModuleService from "../../modules/audit/service"
import {
  AdminErasureBody,
  DataExportBody,
  ErasureConfirmBody,
} from "../store/customers/me/data-export/validators"

type Req = AuthenticatedMedusaRequest<DataExportBody>

/** How recent a login must be to stand in for the password. */
export const FRESH_LOGIN_SECONDS = 300

let limiters: { exports: RateLimiterAbstract; erasure: RateLimiterAbstract } | undefined

// Built on first use so the environment of the running process is what counts.
function getLimiters() {
  limiters ??= {
    exports: createLimiter({
      name: "data-export",
      points: envInt("DATA_EXPORT_MAX_PER_HOUR", 5),
      duration: 3600,
    }),
    erasure: createLimiter({
      name: "data-erasure-request",
      points: envInt("DATA_ERASURE_REQUESTS_PER_HOUR", 3),
      duration: 3600,
    }),
  }
  return limiters
}

/** Per customer (every attempt counts, so it also bounds password guessing). */
function perCustomerLimit(which: "exports" | "erasure") {
  return async (req: AuthenticatedMedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    const limiter = getLimiters()[which]
    const key = req.auth_context.actor_id
    try {
      await limiter.consume(key)
      next()
    } catch (err) {
      if (!isRejection(err)) return next(err)
      const seconds = retryAfterSeconds(err)
      emitRateLimitRejected({ limiter: `data-${which}`, key, retryAfterSeconds: seconds })
      sendTooManyRequests(res, seconds)
    }
  }
}

function refuse(res: MedusaResponse, message: string) {
  res.status(401).json({ type: "unauthorized", message })
}

async function passwordMatches(req: Req, password: string): Promise<boolean> {
  const customerId = req.auth_context.actor_id
  const customer = await req.scope.resolve(Modules.CUSTOMER).retrieveCustomer(customerId)
  if (!customer.email) return false
  const result = await req.scope.resolve(Modules.AUTH).authenticate("emailpass", {
    url: req.url,
    headers: {},
    query: {},
    body: { email: customer.email, password },
    protocol: req.protocol,
  })
  return !!result.success && result.authIdentity?.app_metadata?.customer_id === customerId
}

/**
 * A fresh login: the bearer token was issued less than FRESH_LOGIN_SECONDS ago and the
 * audit log has this account's successful login in that time. The second half makes a
 * token from /auth/token/refresh (new `iat`, no login) not count.
 */
async function freshLogin(req: Req): Promise<boolean> {
  const [scheme, token] = (req.headers.authorization ?? "").split(" ")
  if (scheme?.toLowerCase() !== "bearer" || !token) return false
  const payload = jwt.decode(token)
  const iat = payload && typeof payload === "object" ? payload.iat : undefined
  const since = Date.now() - FRESH_LOGIN_SECONDS * 1000
  if (typeof iat !== "number" || iat * 1000 < since) return false
  const audit = req.scope.resolve<AuditModuleService>(AUDIT_MODULE, { allowUnregistered: true })
  if (!audit) return false
  const customer = await req.scope
    .resolve(Modules.CUSTOMER)
    .retrieveCustomer(req.auth_context.actor_id)
  if (!customer.email) return false
  const [login] = await audit.listAuditLogs(
    {
      action: "auth.login_succeeded",
      actor_type: "customer",
      occurred_at: { $gte: new Date(since) },
      metadata: { identifier: customer.email },
    },
    { take: 1, select: ["id"] }
  )
  return !!login
}

/** The export needs the password, or a login under 5 minutes old. */
async function requireFreshAuthentication(req: Req, res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const { password } = req.validatedBody
    if (password !== undefined) {
      if (await passwordMatches(req, password)) return next()
      return refuse(res, "The password is not correct")
    }
    if (await freshLogin(req)) return next()
    refuse(
      res,
      "Confirm it is you: send your password, or log in again (a login under 5 minutes old)"
    )
  } catch (err) {
    next(err)
  }
}

/**
 * Tokens and sessions are stateless in Medusa: one issued before an erasure would still name
 * the erased customer. Their requests under /store/customers/me are refused.
 */
async function refuseErasedCustomers(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  const auth = req.auth_context
  if (auth?.actor_type !== "customer" || !auth.actor_id) return next()
  try {
    if (await isCustomerErased(req.scope, auth.actor_id)) {
      return refuse(res, "Unauthorized")
    }
    next()
  } catch (err) {
    next(err)
  }
}

const customerAuth = authenticate("customer", ["session", "bearer"])

export const dataRightsMiddlewares: MiddlewareRoute[] = [
  {
    methods: ["POST"],
    matcher: "/store/customers/me/data-export",
    middlewares: [
      customerAuth,
      perCustomerLimit("exports"),
      validateAndTransformBody(DataExportBody),
      requireFreshAuthentication,
    ],
  },
  { matcher: "/store/customers/me/erasure*", middlewares: [customerAuth] },
  {
    methods: ["POST"],
    matcher: "/store/customers/me/erasure",
    middlewares: [perCustomerLimit("erasure")],
  },
  {
    methods: ["POST"],
    matcher: "/store/customers/me/erasure/confirm",
    middlewares: [validateAndTransformBody(ErasureConfirmBody)],
  },
  {
    methods: ["POST"],
    matcher: "/admin/customers/:id/erasure",
    middlewares: [validateAndTransformBody(AdminErasureBody)],
  },
]

/**
 * Runs whatever the feature switch says (erased customers stay locked out if the feature is
 * switched off later).
 */
export const erasedCustomerMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/customers/me*",
    // Anonymous requests pass on: Medusa's own auth (or the feature gate's 404) answers them.
    middlewares: [
      authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true }),
      refuseErasedCustomers,
    ],
  },
]
