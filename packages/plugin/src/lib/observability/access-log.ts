import { logger as medusaLogger } from "@medusajs/framework/logger"
import type { IncomingMessage, ServerResponse } from "http"
import morgan from "morgan"
import { redactString } from "./redact"

type Req = IncomingMessage & { originalUrl?: string; ip?: string; requestId?: string }
type Res = ServerResponse
type Next = (err?: unknown) => void

// Query parameters whose value is a credential: anything with token/secret/password/signature/
// session in its name, and the exact names OAuth and links use (code, state, key, …). The
// publishable key is public by design and stays readable.
const SECRET_PARAM_PART = /token|secret|passw|signature|session|credential/i
const SECRET_PARAM_NAME = /^(code|state|key|api[-_]?key|access[-_]?key|otp|nonce|sig|auth)$/i
const PUBLIC_PARAM = /publishable/i
// Path segments that are credentials themselves (a shared wishlist's link).
const SECRET_SEGMENT = /(\/wishlists\/shared\/)[^/?#]+/g

function paramName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "))
  } catch {
    return raw
  }
}

export function isSecretParam(name: string): boolean {
  if (PUBLIC_PARAM.test(name)) return false
  return SECRET_PARAM_PART.test(name) || SECRET_PARAM_NAME.test(name)
}

/**
 * A URL (path + query, or an absolute referrer) fit for the access log: values
 * of credential parameters and secret path segments become `[REDACTED]`, the
 * rest passes the general string redaction (e-mails, JWTs, card numbers).
 * Other parameters keep their raw text, so the line still shows the request.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf("?")
  const path = (q === -1 ? url : url.slice(0, q)).replace(SECRET_SEGMENT, "$1[REDACTED]")
  if (q === -1) return redactString(path)
  const query = url
    .slice(q + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=")
      const name = eq === -1 ? pair : pair.slice(0, eq)
      return eq !== -1 && isSecretParam(paramName(name)) ? `${name}=[REDACTED]` : pair
    })
    .join("&")
  return redactString(`${path}?${query}`)
}

const INSTALLED = Symbol.for("commerce-api.observability.access-log-redaction")

/**
 * Medusa's production access log (morgan in @medusajs/framework's express
 * loader) writes `path` from morgan's `url` token straight to stdout, past the
 * winston format we wrap, and `referrer` from the header. Morgan resolves tokens
 * on its module object at log time, so redefining the two tokens redacts every
 * line Medusa writes, from the first request on. Idempotent.
 */
export function installAccessLogRedaction(): boolean {
  const m = morgan as typeof morgan & { [INSTALLED]?: true }
  if (m[INSTALLED]) return false
  m.token<Req, Res>("url", (req) => redactUrl(req.originalUrl || req.url || ""))
  m.token<Req, Res>("referrer", (req) => {
    const ref = req.headers.referer || req.headers.referrer
    const value = Array.isArray(ref) ? ref[0] : ref
    return value ? redactUrl(value) : undefined
  })
  m[INSTALLED] = true
  return true
}

/**
 * Medusa's JSON access line (same fields, same order) plus `x_cache`. Mirrors
 * `jsonFormat` in @medusajs/framework/dist/http/express-loader.js (2.21.2).
 */
const jsonLine: morgan.FormatFn<Req, Res> = (tokens, req, res) =>
  JSON.stringify({
    level: "http",
    client_ip: req.ip || "-",
    request_id: req.requestId || "-",
    http_version: tokens["http-version"](req, res),
    method: tokens.method(req, res),
    path: tokens.url(req, res),
    status: Number(tokens.status(req, res)),
    response_size: tokens.res(req, res, "content-length") || 0,
    request_size: tokens.req(req, res, "content-length") || 0,
    duration: Number(tokens["response-time"](req, res)),
    referrer: tokens.referrer(req, res) || "-",
    user_agent: tokens["user-agent"](req, res),
    x_cache: tokens.res(req, res, "x-cache") || "-",
    timestamp: new Date().toISOString(),
  })

// Medusa's development line, with the cache state appended.
const DEV_FORMAT = ":method :url ← :referrer (:status) - :response-time ms x-cache=:res[x-cache]"

type Env = Record<string, string | undefined>

/**
 * Whether early-lane lines are written: `ACCESS_LOG=on|off`; unset, exactly
 * when Medusa writes its own (not under NODE_ENV=test, and only when the log
 * level includes `http`).
 */
export function accessLogEnabled(env: Env = process.env): boolean {
  if (env.ACCESS_LOG === "on") return true
  if (env.ACCESS_LOG === "off") return false
  const reporter = medusaLogger as unknown as { shouldLog?: (level: string) => boolean }
  return env.NODE_ENV !== "test" && (reporter.shouldLog?.("http") ?? true)
}

let earlyLaneLog: ((req: Req, res: Res, next: Next) => void) | undefined

/**
 * The access log for requests answered ahead of Medusa's stack (the catalog
 * cache's early lane), which never reach Medusa's morgan: the same line, the
 * same destination (stdout as JSON, or `logger.http` in development), plus the
 * x-cache state. Call it first so the duration covers the whole answer.
 */
export function logEarlyAnswer(req: Req, res: Res, next: Next): void {
  if (!earlyLaneLog) {
    const dev = (process.env.NODE_ENV || "development").startsWith("dev")
    const skip = (rq: Req) => rq.url === "/health" || !accessLogEnabled()
    earlyLaneLog = dev
      ? morgan<Req, Res>(DEV_FORMAT, {
          skip,
          stream: { write: (line: string) => medusaLogger.http(line.trim()) },
        })
      : morgan<Req, Res>(jsonLine, {
          skip,
          // Looked up per line (not captured), like a write to stdout is.
          stream: { write: (line: string) => process.stdout.write(line) },
        })
  }
  earlyLaneLog(req, res, next)
}
