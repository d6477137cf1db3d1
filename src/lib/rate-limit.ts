/**
 * Shared rate limiter factory: one Redis connection for all limiters when
 * RATE_LIMIT_REDIS_URL or REDIS_URL is set (counters shared by every server
 * process), in-memory counters otherwise (per process).
 */
import { EventEmitter } from "events"
import type { IncomingMessage, ServerResponse } from "http"
import Redis from "ioredis"
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible"

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

/**
 * The caller's address: the socket peer, unless that peer is one of
 * TRUSTED_PROXIES (comma list, "*" for any), in which case Express' req.ip
 * (X-Forwarded-For under Medusa's `trust proxy`) is used.
 */
export function clientIp(req: IncomingMessage & { ip?: string }): string {
  const peer = normaliseIp(req.socket?.remoteAddress)
  const trusted = (process.env.TRUSTED_PROXIES || "")
    .split(",")
    .map((s) => normaliseIp(s.trim()))
    .filter((s) => s && s !== "unknown")
  if (trusted.length && (trusted.includes("*") || trusted.includes(peer))) {
    return normaliseIp(req.ip) || peer
  }
  return peer
}

/** Sends the uniform 429 answer. */
export function sendTooManyRequests(
  res: ServerResponse & { status?: any; json?: any },
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
