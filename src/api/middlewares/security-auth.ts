import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
  MiddlewareRoute,
} from "@medusajs/framework/http"
import { validateAndTransformBody } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import jwt from "jsonwebtoken"
import type { RateLimiterAbstract } from "rate-limiter-flexible"
import { recordAudit } from "../../lib/audit"
import { assertCartCheckoutAllowed } from "../../lib/email-verification"
import {
  clientIp,
  createLimiter,
  emitRateLimitRejected,
  envInt,
  isRejection,
  retryAfterSeconds,
  sendTooManyRequests,
} from "../../lib/rate-limit"
import { passwordProblem } from "../../lib/security/password-policy"

type Req = MedusaRequest<any>
type AuthKind = "login" | "register" | "reset-request" | "update"

const AUTH_ACTORS = ["customer", "user"] as const
const TOO_MANY_ATTEMPTS = "Too many attempts. Try again later."

type AuthLimiters = {
  ip: RateLimiterAbstract
  account: RateLimiterAbstract
  lockouts: RateLimiterAbstract
  accountPoints: number
  lockoutSeconds: number
  maxLockoutSeconds: number
}

let authLimiters: AuthLimiters | undefined

// Built on first use so the environment of the running process (and of the
// test runner) is what counts.
function getAuthLimiters(): AuthLimiters {
  if (authLimiters) return authLimiters
  const accountPoints = envInt("AUTH_MAX_FAILURES_PER_ACCOUNT", 9)
  authLimiters = {
    accountPoints,
    lockoutSeconds: envInt("AUTH_LOCKOUT_SECONDS", 900),
    maxLockoutSeconds: envInt("AUTH_LOCKOUT_MAX_SECONDS", 86400),
    account: createLimiter({
      name: "auth-account",
      points: accountPoints,
      duration: envInt("AUTH_ACCOUNT_WINDOW_SECONDS", 900),
    }),
    ip: createLimiter({
      name: "auth-ip",
      points: envInt("AUTH_MAX_FAILURES_PER_IP", 100),
      duration: envInt("AUTH_IP_WINDOW_SECONDS", 900),
    }),
    // Remembers how often an account was locked so each lockout lasts longer.
    lockouts: createLimiter({
      name: "auth-lockouts",
      points: 1_000_000,
      duration: envInt("AUTH_LOCKOUT_MEMORY_SECONDS", 86400),
    }),
  }
  return authLimiters
}

/** Decodes (without trusting) the reset token so its account can be counted. */
function tokenEntityId(req: Req): string | undefined {
  const header = req.headers.authorization
  if (!header?.toLowerCase().startsWith("bearer ")) return undefined
  const decoded = jwt.decode(header.slice(7).trim())
  const entityId = decoded && typeof decoded === "object" ? decoded.entity_id : undefined
  return typeof entityId === "string" ? entityId : undefined
}

function identifierOf(kind: AuthKind, req: Req): string | undefined {
  const body = (req.body ?? {}) as Record<string, unknown>
  const raw =
    kind === "reset-request" ? body.identifier : kind === "update" ? tokenEntityId(req) : body.email
  return typeof raw === "string" && raw.trim() ? raw.trim().toLowerCase().slice(0, 320) : undefined
}

function reject(
  res: MedusaResponse,
  limiter: string,
  key: string,
  seconds: number,
  message?: string
) {
  emitRateLimitRejected({ limiter, key, retryAfterSeconds: seconds })
  sendTooManyRequests(res, seconds, message)
}

/**
 * Counts every attempt per IP and per account before it runs (so parallel
 * guesses are limited too) and gives the points back on success.
 */
function bruteForceGuard(kind: AuthKind, actor: string) {
  return async (req: Req, res: MedusaResponse, next: MedusaNextFunction) => {
    const limiters = getAuthLimiters()
    const ip = clientIp(req)
    const identifier = identifierOf(kind, req)
    // Login and registration share a counter; the token flows count apart so
    // a forged reset token cannot lock somebody's login.
    const scope = kind === "login" || kind === "register" ? "login" : kind
    const accountKey = identifier ? `${scope}:${actor}:${identifier}` : undefined
    try {
      await limiters.ip.consume(ip)
    } catch (err) {
      if (!isRejection(err)) return next(err)
      return reject(res, "auth-ip", ip, retryAfterSeconds(err), TOO_MANY_ATTEMPTS)
    }
    if (accountKey) {
      try {
        await limiters.account.consume(accountKey)
      } catch (err) {
        if (!isRejection(err)) return next(err)
        let seconds = retryAfterSeconds(err)
        if (err.consumedPoints === limiters.accountPoints + 1) {
          // First refusal in this window: lock the account, longer each time.
          const lockouts = await limiters.lockouts.penalty(accountKey, 1)
          seconds = Math.min(
            limiters.lockoutSeconds * 2 ** Math.max(0, lockouts.consumedPoints - 1),
            limiters.maxLockoutSeconds
          )
          await limiters.account.block(accountKey, seconds)
          void recordAudit(req.scope, {
            kind: "auth",
            action: "auth.lockout",
            actor_type: actor,
            ip,
            status: 429,
            metadata: {
              identifier,
              flow: kind,
              lockout_seconds: seconds,
              lockout_number: lockouts.consumedPoints,
            },
          })
        }
        return reject(res, "auth-account", accountKey, seconds, TOO_MANY_ATTEMPTS)
      }
    }

    res.on("finish", () => {
      const ok = res.statusCode < 400
      if (ok && kind !== "reset-request") {
        // Resetting keeps the counters for mail bombing; the others give points back.
        void limiters.ip.reward(ip, 1).catch(() => undefined)
        if (accountKey) void limiters.account.delete(accountKey).catch(() => undefined)
      }
      const action = {
        login: ok ? "auth.login_succeeded" : "auth.login_failed",
        register: ok ? "auth.registered" : "auth.register_failed",
        "reset-request": "auth.password_reset_requested",
        update: ok ? "auth.password_reset_completed" : "auth.password_reset_failed",
      }[kind]
      void recordAudit(req.scope, {
        kind: "auth",
        action,
        actor_type: actor,
        ip,
        status: res.statusCode,
        route: req.path,
        method: req.method,
        metadata: identifier ? { identifier } : null,
      })
    })
    next()
  }
}

/** Registration and password updates must meet the password policy. */
function passwordPolicy(kind: "register" | "update") {
  return (req: Req, res: MedusaResponse, next: MedusaNextFunction) => {
    const body = (req.body ?? {}) as Record<string, unknown>
    const email = kind === "update" ? tokenEntityId(req) : body.email
    const problem = passwordProblem(body.password, email)
    if (problem) {
      res.status(400).json({ type: "invalid_data", message: problem })
      return
    }
    next()
  }
}

type StoreLimiters = { ip: RateLimiterAbstract; key: RateLimiterAbstract }
let storeLimiters: StoreLimiters | undefined

export function getStoreLimiters(): StoreLimiters {
  storeLimiters ??= {
    ip: createLimiter({
      name: "store-ip",
      points: envInt("RATE_LIMIT_STORE_POINTS", 600),
      duration: envInt("RATE_LIMIT_STORE_DURATION", 60),
    }),
    key: createLimiter({
      name: "store-key",
      points: envInt("RATE_LIMIT_KEY_POINTS", 6000),
      duration: envInt("RATE_LIMIT_KEY_DURATION", 60),
    }),
  }
  return storeLimiters
}

/** General limits on /store: per client IP and per publishable key. */
export async function storeRateLimit(req: Req, res: MedusaResponse, next: MedusaNextFunction) {
  const limiters = getStoreLimiters()
  const ip = clientIp(req)
  const header = req.headers["x-publishable-api-key"]
  const key = typeof header === "string" && header ? header.slice(0, 200) : undefined
  try {
    await limiters.ip.consume(ip)
  } catch (err) {
    if (!isRejection(err)) return next(err)
    return reject(res, "store-ip", ip, retryAfterSeconds(err))
  }
  if (key) {
    try {
      await limiters.key.consume(key)
    } catch (err) {
      if (!isRejection(err)) return next(err)
      return reject(res, "store-key", key, retryAfterSeconds(err))
    }
  }
  next()
}

async function checkoutVerification(req: Req, _res: MedusaResponse, next: MedusaNextFunction) {
  try {
    await assertCartCheckoutAllowed(req.scope, req.params.id)
    next()
  } catch (err) {
    next(err)
  }
}

export const VerifyEmailBody = z.object({ token: z.string().min(1).max(200) }).strict()
export type VerifyEmailBodyType = z.infer<typeof VerifyEmailBody>

const authRoutes: MiddlewareRoute[] = AUTH_ACTORS.flatMap((actor) => {
  const base = `/auth/${actor}/emailpass`
  return [
    { method: ["POST"], matcher: base, middlewares: [bruteForceGuard("login", actor)] },
    {
      method: ["POST"],
      matcher: `${base}/register`,
      middlewares: [bruteForceGuard("register", actor), passwordPolicy("register")],
    },
    {
      method: ["POST"],
      matcher: `${base}/reset-password`,
      middlewares: [bruteForceGuard("reset-request", actor)],
    },
    {
      method: ["POST"],
      matcher: `${base}/update`,
      middlewares: [bruteForceGuard("update", actor), passwordPolicy("update")],
    },
  ] satisfies MiddlewareRoute[]
})

export const securityAuthMiddlewares: MiddlewareRoute[] = [
  ...authRoutes,
  { matcher: "/store/*", middlewares: [storeRateLimit] },
  { method: ["POST"], matcher: "/store/carts/:id/complete", middlewares: [checkoutVerification] },
  {
    method: ["POST"],
    matcher: "/store/customers/me/verify-email",
    middlewares: [validateAndTransformBody(VerifyEmailBody)],
  },
]
