/**
 * Shared rate limiter factory: one Redis connection for all limiters when
 * RATE_LIMIT_REDIS_URL or REDIS_URL is set (counters shared by every server
 * process), in-memory counters otherwise (per process).
 */
import { createHash, timingSafeEqual } from "crypto"
import { EventEmitter } from "events"
import type { IncomingMessage, ServerResponse } from "http"
import Redis from "ioredis"
import { isIP } from "net"
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible"
import { parseTokenList } from "./settings"

export type LimiterOptions = {
  /** Distinguishes counters of different limiters sharing one store. */
  name: string
  points: number
  /** Window in seconds. */
  duration: number
  /** Seconds a key stays blocked once it ran out of points (0 = until the window ends). */
  blockDuration?: number
}

export type RateLimitRejection = { limiter: string; key: string; retryAfterSeconds: number }

const rejections = new EventEmitter()

/** Subscribe to every 429 sent by a limiter (for metrics); returns an unsubscribe function. */
export function onRateLimitRejected(listener: (event: RateLimitRejection) => void): () => void {
  rejections.on("rejected", listener)
  return () => rejections.off("rejected", listener)
}

export function emitRateLimitRejected(event: RateLimitRejection): void {
  rejections.emit("rejected", event)
}

let redis: Redis | null | undefined

function redisUrl(): string | undefined {
  return process.env.RATE_LIMIT_REDIS_URL || process.env.REDIS_URL || undefined
}

function prefix(): string {
  return process.env.RATE_LIMIT_PREFIX || "rl"
}

function redisClient(): Redis | null {
  if (redis !== undefined) return redis
  const url = redisUrl()
  redis = url ? new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true }) : null
  // The limiter falls back to its in-memory insurance limiter while Redis is down.
  redis?.on("error", () => undefined)
  return redis
}

export function createLimiter(options: LimiterOptions): RateLimiterAbstract {
  const base = {
    keyPrefix: `${prefix()}:${options.name}`,
    points: options.points,
    duration: options.duration,
    blockDuration: options.blockDuration ?? 0,
  }
  const client = redisClient()
  if (!client) return new RateLimiterMemory(base)
  return new RateLimiterRedis({
    ...base,
    storeClient: client,
    insuranceLimiter: new RateLimiterMemory(base),
  })
}

/** What the /store limits use of a limiter (RateLimiterAbstract has it all). */
export interface CountingLimiter {
  readonly points: number
  consume(key: string): Promise<RateLimiterRes>
  get(key: string): Promise<RateLimiterRes | null>
  delete(key: string): Promise<boolean>
  block(key: string, seconds: number): Promise<RateLimiterRes>
}

type KeyView = {
  /** consumedPoints of the latest answer from the store (answers arrive in order). */
  consumed: number
  /** When that answer's window ends (ms since epoch). */
  resetAt: number
  /** Consumes sent and not answered yet, by either path. */
  pending: number
  known: boolean
}

/**
 * A Redis limiter that does not make a request wait on Redis while its key is
 * far from the limit (decision 0132). Every request is still counted in Redis;
 * this process remembers each key's count from the latest Redis answer plus its
 * own unanswered consumes, and answers at once while that is at most
 * `points - ahead - 1` with fewer than `ahead` consumes of the key in flight.
 * Otherwise (first request of a window, near the limit, Redis errors) it waits
 * for Redis as before.
 *
 * Bound: within one window, one process can let through at most `ahead`
 * requests per key that Redis would have refused (only consumes still in flight
 * when the first answer near the limit arrives were let through unchecked), so
 * with P processes a key gets at most `points + P × ahead` requests per window.
 * With one process the result is exactly Redis's: the local view is then the
 * true count.
 */
export class LocalFirstLimiter implements CountingLimiter {
  private readonly views = new Map<string, KeyView>()

  constructor(
    private readonly inner: RateLimiterAbstract,
    readonly ahead = 8,
    private readonly maxKeys = 20_000
  ) {}

  get points(): number {
    return this.inner.points
  }

  consume(key: string): Promise<RateLimiterRes> {
    const now = Date.now()
    let view = this.views.get(key)
    if (!view || view.resetAt <= now) view = this.track(key)
    const fast =
      view.known &&
      view.pending < this.ahead &&
      view.consumed + view.pending + 1 <= this.points - this.ahead
    view.pending++
    const sent = this.inner.consume(key)
    const settled = view
    sent.then(
      (res) => this.settle(settled, res),
      (err: unknown) => this.settle(settled, err)
    )
    if (!fast) return sent
    const consumed = view.consumed + view.pending
    return Promise.resolve(
      new RateLimiterRes(this.points - consumed, view.resetAt - now, consumed, false)
    )
  }

  get(key: string): Promise<RateLimiterRes | null> {
    return this.inner.get(key)
  }

  delete(key: string): Promise<boolean> {
    this.views.delete(key)
    return this.inner.delete(key)
  }

  /** Blocks the key in the store; this process then waits for the store for it again. */
  block(key: string, seconds: number): Promise<RateLimiterRes> {
    this.views.delete(key)
    return this.inner.block(key, seconds)
  }

  private track(key: string): KeyView {
    if (this.views.size >= this.maxKeys) {
      const now = Date.now()
      for (const [k, v] of this.views) if (v.resetAt <= now && !v.pending) this.views.delete(k)
      // Still full: forget the oldest keys (they only lose the fast path).
      for (const k of this.views.keys()) {
        if (this.views.size < this.maxKeys) break
        this.views.delete(k)
      }
    }
    const view: KeyView = {
      consumed: 0,
      resetAt: Number.POSITIVE_INFINITY,
      pending: 0,
      known: false,
    }
    this.views.set(key, view)
    return view
  }

  private settle(view: KeyView, answer: unknown): void {
    view.pending = Math.max(0, view.pending - 1)
    if (answer instanceof RateLimiterRes) {
      // A refusal is an answer too: its count is above the limit.
      view.consumed = answer.consumedPoints
      view.resetAt = Date.now() + answer.msBeforeNext
      view.known = true
    } else {
      // Store error: wait for the store again until it answers.
      view.known = false
    }
  }
}

/**
 * createLimiter for the high-volume /store limits: with Redis, counted there
 * without waiting while far from the limit (LocalFirstLimiter); in memory as is.
 */
export function createStoreLimiter(options: LimiterOptions, ahead?: number): CountingLimiter {
  const limiter = createLimiter(options)
  return limiter instanceof RateLimiterRedis ? new LocalFirstLimiter(limiter, ahead) : limiter
}

/** Closes the shared Redis connection (tests, graceful shutdown). */
export async function closeRateLimitStore(): Promise<void> {
  if (redis) await redis.quit().catch(() => undefined)
  redis = undefined
}

export function isRejection(err: unknown): err is RateLimiterRes {
  return err instanceof RateLimiterRes
}

export function retryAfterSeconds(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000))
}

/** Normalises IPv4-mapped IPv6 addresses so 1.2.3.4 and ::ffff:1.2.3.4 share a counter. */
function normaliseIp(ip: string | undefined): string {
  if (!ip) return "unknown"
  return ip.startsWith("::ffff:") ? ip.slice(7) : ip
}

/** Header a storefront server authenticates itself with (a secret from STOREFRONT_SERVER_TOKEN). */
export const STOREFRONT_TOKEN_HEADER = "x-storefront-server-token"
/** Header carrying the shopper's IP; believed only next to a valid storefront server token. */
export const BUYER_IP_HEADER = "x-storefront-buyer-ip"

type Req = IncomingMessage & { ip?: string }

const sha256 = (value: string) => createHash("sha256").update(value).digest()

let tokens: { raw: string; digests: Buffer[] } | undefined

function tokenDigests(): Buffer[] {
  const raw = process.env.STOREFRONT_SERVER_TOKEN || ""
  if (tokens?.raw !== raw) tokens = { raw, digests: parseTokenList(raw).map(sha256) }
  return tokens.digests
}

/**
 * True when the request carries one of the STOREFRONT_SERVER_TOKEN tokens
 * (comma list, for rotation). Digests make the lengths equal, so the compare
 * is constant time and says nothing about the token's length.
 */
export function isStorefrontServer(req: IncomingMessage): boolean {
  const sent = req.headers[STOREFRONT_TOKEN_HEADER]
  const expected = tokenDigests()
  if (typeof sent !== "string" || !sent || !expected.length) return false
  const digest = sha256(sent)
  let match = false
  for (const candidate of expected) match = timingSafeEqual(digest, candidate) || match
  return match
}

function buyerIp(req: IncomingMessage): string | undefined {
  const raw = req.headers[BUYER_IP_HEADER]
  if (typeof raw !== "string") return undefined
  const ip = raw.trim()
  return isIP(ip) ? normaliseIp(ip) : undefined
}

/**
 * A message when an authenticated storefront server sends a buyer IP that is
 * not one address (e.g. a whole X-Forwarded-For list): answered with 400 so the
 * mistake shows at once instead of putting every shopper behind one IP.
 */
export function buyerIpProblem(req: IncomingMessage): string | undefined {
  if (req.headers[BUYER_IP_HEADER] === undefined || buyerIp(req)) return undefined
  if (!isStorefrontServer(req)) return undefined
  return `${BUYER_IP_HEADER} must be a single IPv4 or IPv6 address`
}

/**
 * The caller's address, used by every limiter, brute-force counter and the
 * audit log:
 * 1. the shopper's IP from BUYER_IP_HEADER when the request carries a valid
 *    storefront server token (a server-rendered storefront calling for a shopper);
 * 2. Express' req.ip (X-Forwarded-For under Medusa's `trust proxy`) when the
 *    socket peer is one of TRUSTED_PROXIES (comma list, "*" for any);
 * 3. the socket peer otherwise. Without a valid token the buyer-IP header is ignored.
 */
export function clientIp(req: Req): string {
  const peer = normaliseIp(req.socket?.remoteAddress)
  if (req.headers?.[BUYER_IP_HEADER] !== undefined && isStorefrontServer(req)) {
    const buyer = buyerIp(req)
    if (buyer) return buyer
  }
  const trusted = (process.env.TRUSTED_PROXIES || "")
    .split(",")
    .map((s) => normaliseIp(s.trim()))
    .filter((s) => s && s !== "unknown")
  if (trusted.length && (trusted.includes("*") || trusted.includes(peer))) {
    return req.ip ? normaliseIp(req.ip) : peer
  }
  return peer
}

/** Sends a 400 in Medusa's error shape (also usable on a raw Node response). */
export function sendBadRequest(res: ServerResponse, message: string): void {
  res.statusCode = 400
  res.setHeader("Content-Type", "application/json; charset=utf-8")
  res.end(JSON.stringify({ type: "invalid_data", message }))
}

/** Sends the uniform 429 answer. */
export function sendTooManyRequests(
  res: ServerResponse,
  retryAfter: number,
  message = "Too many requests. Try again later."
): void {
  res.setHeader("Retry-After", String(retryAfter))
  res.statusCode = 429
  res.setHeader("Content-Type", "application/json; charset=utf-8")
  res.end(JSON.stringify({ type: "too_many_requests", message }))
}

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === "") return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, got "${raw}"`)
  }
  return Math.floor(value)
}
