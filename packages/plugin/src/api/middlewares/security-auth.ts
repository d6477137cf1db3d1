import type { MedusaNextFunction, MedusaResponse, MiddlewareRoute } from "@medusajs/framework/http"
import { validateAndTransformBody } from "@medusajs/framework/http"
import jwt from "jsonwebtoken"
import type { RateLimiterAbstract } from "rate-limiter-flexible"
import { recordAudit } from "../../lib/audit"
import {
  buyerIpProblem,
  clientIp,
  type CountingLimiter,
  createLimiter,
  createStoreLimiter,
  emitRateLimitRejected,
  envInt,
  isRejection,
  retryAfterSeconds,
  sendBadRequest,
  sendTooManyRequests,
} from "../../lib/rate-limit"
import { isRecord, type MaybeAuthenticatedRequest } from "../../lib/http"
import { passwordProblem } from "../../lib/security/password-policy"
import { isSsoProvider } from "../../lib/sso"
import { VerifyEmailBody } from "../store/customers/me/verify-email/validators"

type Req = MaybeAuthenticatedRequest
export type AuthKind = "login" | "register" | "reset-request" | "update"

const AUTH_ACTORS = ["customer", "user"] as const
const TOO_MANY_ATTEMPTS = "Too many attempts. Try again later."

type AuthLimiters = {
  /** Failed attempts per client IP, across accounts (credential stuffing). */
  ip: RateLimiterAbstract
  /** Failed attempts per account and client IP: the lockout counter. */
  client: RateLimiterAbstract
  /** Failed attempts per account from all clients: turns on the slow-down. */
  account: RateLimiterAbstract
  /** Clients made to wait before their next attempt at an account under attack. */
  slowdown: RateLimiterAbstract
  /** Reset mails per account (mail bombing), whoever asks. */
  resetRequests: RateLimiterAbstract
  lockouts: RateLimiterAbstract
  clientPoints: number
  resetPoints: number
  slowdownAfter: number
  slowdownMaxSeconds: number
  lockoutSeconds: number
  maxLockoutSeconds: number
}

let authLimiters: AuthLimiters | undefined

// Built on first use so the environment of the running process (and of the
// test runner) is what counts.
function getAuthLimiters(): AuthLimiters {
  if (authLimiters) return authLimiters
  const clientPoints = envInt("AUTH_MAX_FAILURES_PER_ACCOUNT", 9)
  const accountWindow = envInt("AUTH_ACCOUNT_WINDOW_SECONDS", 900)
  authLimiters = {
    clientPoints,
    resetPoints: clientPoints,
    slowdownAfter: envInt("AUTH_ACCOUNT_SLOWDOWN_AFTER", 20),
    slowdownMaxSeconds: envInt("AUTH_SLOWDOWN_MAX_SECONDS", 300),
    lockoutSeconds: envInt("AUTH_LOCKOUT_SECONDS", 900),
    maxLockoutSeconds: envInt("AUTH_LOCKOUT_MAX_SECONDS", 86400),
    client: createLimiter({ name: "auth-client", points: clientPoints, duration: accountWindow }),
    account: createLimiter({
      name: "auth-account-all",
      points: 1_000_000,
      duration: accountWindow,
    }),
    slowdown: createLimiter({ name: "auth-slowdown", points: 1, duration: accountWindow }),
    resetRequests: createLimiter({
      name: "auth-reset",
      points: clientPoints,
      duration: accountWindow,
    }),
    ip: createLimiter({
      name: "auth-ip",
      points: envInt("AUTH_MAX_FAILURES_PER_IP", 100),
      duration: envInt("AUTH_IP_WINDOW_SECONDS", 900),
    }),
    // Remembers how often a key was locked so each lockout lasts longer.
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
  const body = isRecord(req.body) ? req.body : {}
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

export type Refusal = { limiter: string; key: string; seconds: number }

/**
 * Consumes a point of `limiter`; the first refusal in a window locks `key`
 * for AUTH_LOCKOUT_SECONDS, twice as long for every earlier lockout of the
 * same key (capped). Returns the refusal, or undefined when the attempt may run.
 */
async function consumeOrLock(
  req: Req,
  limiter: RateLimiterAbstract,
  name: string,
  points: number,
  key: string,
  audit: { actor: string; ip: string; kind: AuthKind; identifier?: string }
): Promise<Refusal | undefined> {
  const limiters = getAuthLimiters()
  try {
    await limiter.consume(key)
    return undefined
  } catch (err) {
    if (!isRejection(err)) throw err
    let seconds = retryAfterSeconds(err)
    if (err.consumedPoints === points + 1) {
      const lockouts = await limiters.lockouts.penalty(key, 1)
      seconds = Math.min(
        limiters.lockoutSeconds * 2 ** Math.max(0, lockouts.consumedPoints - 1),
        limiters.maxLockoutSeconds
      )
      await limiter.block(key, seconds)
      void recordAudit(req.scope, {
        kind: "auth",
        action: "auth.lockout",
        actor_type: audit.actor,
        ip: audit.ip,
        status: 429,
        metadata: {
          identifier: audit.identifier,
          flow: audit.kind,
          // Which lock: this client at this account, or the account's reset mails.
          scope: name === "auth-client" ? "account+client" : "account",
          lockout_seconds: seconds,
          lockout_number: lockouts.consumedPoints,
        },
      })
    }
    return { limiter: name, key, seconds }
  }
}

/**
 * Counts a wrong password against the whole account. Past
 * AUTH_ACCOUNT_SLOWDOWN_AFTER failures (from any clients) each failing client
 * must wait before it tries this account again, 1 s for the first failure over
 * the threshold and twice as long for each further one (capped). Clients that
 * took no part are never held back, so the owner can still log in.
 */
async function countAccountFailure(accountKey: string, clientKey: string): Promise<void> {
  const limiters = getAuthLimiters()
  const total = await limiters.account.penalty(accountKey, 1)
  const excess = total.consumedPoints - limiters.slowdownAfter
  if (excess <= 0) return
  const seconds = Math.min(2 ** Math.min(excess - 1, 30), limiters.slowdownMaxSeconds)
  await limiters.slowdown.block(clientKey, seconds)
}

/** Seconds a client must still wait at an account under attack, or 0. */
async function slowdownSeconds(clientKey: string): Promise<number> {
  const state = await getAuthLimiters().slowdown.get(clientKey)
  return state && state.consumedPoints > 1 ? retryAfterSeconds(state) : 0
}

export type AuthAttempt =
  | { refused: Refusal }
  | {
      refused?: undefined
      /** Call once with the answer's status. */ finish: (status: number) => void
    }

/**
 * Counts every attempt before it runs (so parallel guesses are limited too)
 * and gives the points back on success:
 * - per client IP across accounts (AUTH_MAX_FAILURES_PER_IP);
 * - login and password update: per account *and* client IP, so an attacker
 *   locks out only itself, plus the account-wide slow-down above;
 * - reset requests: per account (mail bombing);
 * - registration: per IP only; it never counts against an existing account.
 * Shared by the /auth routes and GraphQL's login and register fields, so each
 * GraphQL operation (every alias) is one attempt.
 */
export async function beginAuthAttempt(
  req: Req,
  kind: AuthKind,
  actor: string,
  identifier: string | undefined
): Promise<AuthAttempt> {
  const limiters = getAuthLimiters()
  const ip = clientIp(req)
  // The token flows count apart from login so a forged reset token cannot lock somebody's login.
  const scope = kind === "update" ? "update" : "login"
  const accountKey =
    identifier && (kind === "login" || kind === "update")
      ? `${scope}:${actor}:${identifier}`
      : undefined
  const clientKey = accountKey ? `${accountKey}|${ip}` : undefined
  try {
    await limiters.ip.consume(ip)
  } catch (err) {
    if (!isRejection(err)) throw err
    return { refused: { limiter: "auth-ip", key: ip, seconds: retryAfterSeconds(err) } }
  }
  let refusal: Refusal | undefined
  const audit = { actor, ip, kind, identifier }
  if (clientKey) {
    const wait = await slowdownSeconds(clientKey)
    refusal = wait
      ? { limiter: "auth-slowdown", key: clientKey, seconds: wait }
      : await consumeOrLock(
          req,
          limiters.client,
          "auth-client",
          limiters.clientPoints,
          clientKey,
          audit
        )
  } else if (kind === "reset-request" && identifier) {
    const resetKey = `reset-request:${actor}:${identifier}`
    refusal = await consumeOrLock(
      req,
      limiters.resetRequests,
      "auth-reset",
      limiters.resetPoints,
      resetKey,
      audit
    )
  }
  if (refusal) {
    // A refused attempt checked no password: it costs the IP budget nothing.
    void limiters.ip.reward(ip, 1).catch(() => undefined)
    return { refused: refusal }
  }
  const finish = (status: number) => {
    const ok = status < 400
    if (ok && kind !== "reset-request") {
      // Resetting keeps the counters for mail bombing; the others give points back.
      void limiters.ip.reward(ip, 1).catch(() => undefined)
      if (clientKey) {
        void limiters.client.delete(clientKey).catch(() => undefined)
        void limiters.slowdown.delete(clientKey).catch(() => undefined)
      }
    } else if (!ok && accountKey && clientKey && status === 401) {
      void countAccountFailure(accountKey, clientKey).catch(() => undefined)
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
      status,
      route: req.path,
      method: req.method,
      metadata: identifier ? { identifier } : null,
    })
  }
  return { finish }
}

export const TOO_MANY_AUTH_ATTEMPTS = TOO_MANY_ATTEMPTS

function bruteForceGuard(kind: AuthKind, actor: string) {
  return async (req: Req, res: MedusaResponse, next: MedusaNextFunction) => {
    const problem = buyerIpProblem(req)
    if (problem) return sendBadRequest(res, problem)
    let attempt: AuthAttempt
    try {
      attempt = await beginAuthAttempt(req, kind, actor, identifierOf(kind, req))
    } catch (err) {
      return next(err)
    }
    if (attempt.refused) {
      const { limiter, key, seconds } = attempt.refused
      return reject(res, limiter, key, seconds, TOO_MANY_ATTEMPTS)
    }
    const { finish } = attempt
    res.on("finish", () => finish(res.statusCode))
    next()
  }
}

/** One audit entry per finished auth attempt (never awaited: auditing must not fail it). */
function auditAttempt(
  req: Req,
  res: MedusaResponse,
  entry: { action: string; actor: string; ip: string; metadata: Record<string, unknown> | null }
) {
  void recordAudit(req.scope, {
    kind: "auth",
    action: entry.action,
    actor_type: entry.actor,
    ip: entry.ip,
    status: res.statusCode,
    route: req.path,
    method: req.method,
    metadata: entry.metadata,
  })
}

/** Registration and password updates must meet the password policy. */
function passwordPolicy(kind: "register" | "update") {
  return (req: Req, res: MedusaResponse, next: MedusaNextFunction) => {
    const body = isRecord(req.body) ? req.body : {}
    const email = kind === "update" ? tokenEntityId(req) : body.email
    const problem = passwordProblem(body.password, email)
    if (problem) {
      res.status(400).json({ type: "invalid_data", message: problem })
      return
    }
    next()
  }
}

type StoreLimiters = { ip: CountingLimiter; key: CountingLimiter }
let storeLimiters: StoreLimiters | undefined

export function getStoreLimiters(): StoreLimiters {
  // Counted in Redis without waiting on it while far from the limit (0132).
  storeLimiters ??= {
    ip: createStoreLimiter({
      name: "store-ip",
      points: envInt("RATE_LIMIT_STORE_POINTS", 600),
      duration: envInt("RATE_LIMIT_STORE_DURATION", 60),
    }),
    // A ceiling against runaway use of one key, not a per-shopper limit: every
    // shopper sends the same key, so it must sit above what the servers serve
    // (one measured ~5,000 catalog req/s). Shoppers are limited per IP above.
    key: createStoreLimiter({
      name: "store-key",
      points: envInt("RATE_LIMIT_KEY_POINTS", 600_000),
      duration: envInt("RATE_LIMIT_KEY_DURATION", 60),
    }),
  }
  return storeLimiters
}

/** General limits on /store: per client IP and per publishable key. */
export async function storeRateLimit(req: Req, res: MedusaResponse, next: MedusaNextFunction) {
  const problem = buyerIpProblem(req)
  if (problem) return sendBadRequest(res, problem)
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

/**
 * Sign-in through an identity provider: starting it and its callback share the per-IP
 * failure budget of the password flows (a failed callback — bad or missing state, a replayed
 * code, an ID token that does not validate — costs a point; success gives it back), and
 * every attempt is audited with its provider. Medusa answers a failed callback 401.
 */
function ssoGuard(step: "start" | "callback", actor: string) {
  return async (req: Req, res: MedusaResponse, next: MedusaNextFunction) => {
    const provider = String(req.params.auth_provider ?? "")
    // emailpass has its own guards above; unknown providers get Medusa's own refusal.
    if (!isSsoProvider(provider)) return next()
    const problem = buyerIpProblem(req)
    if (problem) return sendBadRequest(res, problem)
    const limiters = getAuthLimiters()
    const ip = clientIp(req)
    try {
      await limiters.ip.consume(ip)
    } catch (err) {
      if (!isRejection(err)) return next(err)
      return reject(res, "auth-ip", ip, retryAfterSeconds(err), TOO_MANY_ATTEMPTS)
    }
    res.on("finish", () => {
      const ok = res.statusCode < 400
      if (ok) void limiters.ip.reward(ip, 1).catch(() => undefined)
      const action =
        step === "start"
          ? ok
            ? "auth.sso_started"
            : "auth.sso_start_failed"
          : ok
            ? "auth.sso_login_succeeded"
            : "auth.sso_login_failed"
      auditAttempt(req, res, { action, actor, ip, metadata: { provider } })
    })
    next()
  }
}

const ssoRoutes: MiddlewareRoute[] = AUTH_ACTORS.flatMap((actor) => [
  {
    methods: ["POST", "GET"],
    matcher: `/auth/${actor}/:auth_provider`,
    middlewares: [ssoGuard("start", actor)],
  },
  {
    methods: ["POST", "GET"],
    matcher: `/auth/${actor}/:auth_provider/callback`,
    middlewares: [ssoGuard("callback", actor)],
  },
])

const authRoutes: MiddlewareRoute[] = AUTH_ACTORS.flatMap((actor) => {
  const base = `/auth/${actor}/emailpass`
  return [
    { methods: ["POST"], matcher: base, middlewares: [bruteForceGuard("login", actor)] },
    {
      methods: ["POST"],
      matcher: `${base}/register`,
      middlewares: [bruteForceGuard("register", actor), passwordPolicy("register")],
    },
    {
      methods: ["POST"],
      matcher: `${base}/reset-password`,
      middlewares: [bruteForceGuard("reset-request", actor)],
    },
    {
      methods: ["POST"],
      matcher: `${base}/update`,
      middlewares: [bruteForceGuard("update", actor), passwordPolicy("update")],
    },
  ] satisfies MiddlewareRoute[]
})

export const securityAuthMiddlewares: MiddlewareRoute[] = [
  ...authRoutes,
  ...ssoRoutes,
  { matcher: "/store/*", middlewares: [storeRateLimit] },
  {
    methods: ["POST"],
    matcher: "/store/customers/me/verify-email",
    middlewares: [validateAndTransformBody(VerifyEmailBody)],
  },
]
