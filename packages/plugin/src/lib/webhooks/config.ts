/**
 * Tuning of webhook delivery, read from the environment at call time (tests and operators
 * change it without code). The feature switch itself is the plugin option `webhooks.enabled`.
 */
export type WebhookConfig = {
  production: boolean
  pollIntervalMs: number
  timeoutMs: number
  maxAttempts: number
  retryBaseMs: number
  retryMaxMs: number
  disableAfterFailures: number
  responseBodyLimit: number
  rotationWindowHours: number
  /** Hosts, IPs or CIDR ranges a production target may resolve to despite being private. */
  allowedTargets: string[]
  /** Custom header names an endpoint may set (`x-*` allows a prefix). */
  headerAllowlist: string[]
  batchSize: number
  alertEmail: string | null
}

type Env = Record<string, string | undefined>

function int(value: string | undefined, fallback: number, min = 0): number {
  const n = Number(value)
  return value !== undefined && value !== "" && Number.isFinite(n) && n >= min
    ? Math.floor(n)
    : fallback
}

function list(value: string | undefined, fallback: string[]): string[] {
  if (value === undefined) return fallback
  return value
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
}

export function webhookConfig(env: Env = process.env): WebhookConfig {
  return {
    production: (env.NODE_ENV || "development") === "production",
    pollIntervalMs: int(env.WEBHOOKS_POLL_INTERVAL_MS, 1000, 50),
    timeoutMs: int(env.WEBHOOKS_TIMEOUT_MS, 5000, 100),
    maxAttempts: int(env.WEBHOOKS_MAX_ATTEMPTS, 10, 1),
    retryBaseMs: int(env.WEBHOOKS_RETRY_BASE_MS, 5000, 0),
    retryMaxMs: int(env.WEBHOOKS_RETRY_MAX_MS, 8 * 3600 * 1000, 0),
    disableAfterFailures: int(env.WEBHOOKS_DISABLE_AFTER_FAILURES, 10, 1),
    responseBodyLimit: int(env.WEBHOOKS_RESPONSE_BODY_LIMIT, 2048, 0),
    rotationWindowHours: int(env.WEBHOOKS_ROTATION_WINDOW_HOURS, 24, 0),
    allowedTargets: list(env.WEBHOOKS_ALLOWED_TARGETS, []),
    headerAllowlist: list(env.WEBHOOKS_HEADER_ALLOWLIST, ["authorization", "x-*"]),
    batchSize: int(env.WEBHOOKS_BATCH_SIZE, 20, 1),
    alertEmail: env.WEBHOOKS_ALERT_EMAIL?.trim() || null,
  }
}

/**
 * Delay before attempt `attempt + 1` after `attempt` failures: base · 4^(attempt-1), capped,
 * with ±20% jitter so that endpoints failing together do not retry together. With the
 * defaults (5 s base, 8 h cap, 10 attempts): 5 s, 20 s, 80 s, 5.3 min, 21 min, 85 min,
 * 5.7 h, 8 h, 8 h, about 23.8 h from the first attempt to the last.
 */
export function retryDelayMs(attempt: number, config: WebhookConfig, random = Math.random): number {
  const raw = Math.min(config.retryBaseMs * 4 ** Math.max(attempt - 1, 0), config.retryMaxMs)
  return Math.round(raw * (0.8 + 0.4 * random()))
}

/** A custom header is allowed when its name is on the allowlist and not one we set ourselves. */
const RESERVED =
  /^(host|content-type|content-length|connection|transfer-encoding|user-agent|webhook-.*|x-forwarded-.*|expect|upgrade|te|trailer|proxy-.*|cookie)$/i

export function headerAllowed(name: string, config: WebhookConfig): boolean {
  const n = name.toLowerCase()
  if (RESERVED.test(n)) return false
  return config.headerAllowlist.some((allowed) =>
    allowed.endsWith("*") ? n.startsWith(allowed.slice(0, -1)) : n === allowed
  )
}
