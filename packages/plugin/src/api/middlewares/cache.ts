import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
  MiddlewareRoute,
} from "@medusajs/framework/http"
import { Modules, parseCorsOrigins } from "@medusajs/framework/utils"
import type { IncomingMessage, ServerResponse } from "http"
import {
  type CachedResponse,
  type CatalogCache,
  carriesIdentity,
  catalogCacheKey,
  getCatalogCache,
  isCatalogPath,
  isStockSensitive,
} from "../../lib/cache"
import { nextPriceListBoundary } from "../../lib/cache/boundaries"
import { installNoStoreOnErrors } from "../../lib/cache/error-responses"
import { logEarlyAnswer } from "../../lib/observability/access-log"
import { readSettings } from "../../lib/settings"
import { observeRequest } from "./observability"
import { storeRateLimit } from "./security-auth"

// Before the first request: no 4xx/5xx, from whichever handler, leaves with a cacheable header.
installNoStoreOnErrors()

// Browsers and CDNs may keep a copy but must revalidate it (a cheap 304) every
// time: catalog changes then show up at once, not after a max-age.
const CACHE_CONTROL = "public, max-age=0, must-revalidate"
const VARY = "x-publishable-api-key, x-medusa-locale, authorization, origin"

// Headers of the original response that describe that one request, not the body.
const NOT_REPLAYED =
  /^(set-cookie|date|connection|keep-alive|transfer-encoding|content-length|etag|cache-control|vary|x-cache|x-request-id|x-correlation-id|traceparent|server-timing|x-response-time|retry-after|access-control-.*|ratelimit.*|x-ratelimit.*)$/

function replayableHeaders(res: MedusaResponse): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(res.getHeaders())) {
    if (value === undefined || NOT_REPLAYED.test(name)) continue
    out[name] = Array.isArray(value) ? value.join(", ") : String(value)
  }
  return out
}

function ifNoneMatch(req: IncomingMessage, etag: string): boolean {
  const header = req.headers["if-none-match"]
  if (!header) return false
  return header === "*" || header.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)
}

/** Writes a cached response (or a 304) to a raw Node response. */
function serve(
  req: IncomingMessage,
  res: ServerResponse,
  entry: CachedResponse,
  cache: CatalogCache,
  state: string
) {
  for (const [name, value] of Object.entries(entry.headers)) {
    if (!res.hasHeader(name)) res.setHeader(name, value)
  }
  res.setHeader("ETag", entry.etag)
  res.setHeader("Cache-Control", CACHE_CONTROL)
  res.setHeader("Vary", VARY)
  res.setHeader("x-cache", state)
  cache.count("hit")
  if (ifNoneMatch(req, entry.etag)) {
    cache.count("notModified")
    res.statusCode = 304
    res.end()
    return
  }
  res.statusCode = 200
  res.setHeader("Content-Length", entry.body.length)
  res.end(req.method === "HEAD" ? undefined : entry.body)
}

let storeOrigins: (string | RegExp)[] | undefined

function allowedOrigin(origin: string): boolean {
  storeOrigins ??= parseCorsOrigins(readSettings(process.env).storeCors)
  return storeOrigins.some((o) => (typeof o === "string" ? o === origin : o.test(origin)))
}

/**
 * The early lane: placed in front of Medusa's own middleware stack so that a
 * hit costs no publishable-key query, no scope and no routing. It only serves
 * requests it can answer exactly as the full stack would: an in-process hit,
 * for a publishable key Medusa itself accepted since the last invalidation,
 * without customer identity, and with CORS headers as Medusa's store CORS
 * would set them. Anything else falls through untouched. A hit still passes
 * the same request id + metrics and /store rate limits as every other request;
 * security headers are replayed from the stored response.
 */
function earlyLane(req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) {
  const cache = getCatalogCache()
  const url = req.url || ""
  if (req.method !== "GET" || !url.startsWith("/store/")) return next()
  const token = req.headers["x-publishable-api-key"]
  if (typeof token !== "string" || !cache.isAcceptedKey(token)) return next()
  const key = catalogCacheKey({ method: req.method, url, headers: req.headers })
  if (!key) return next()
  const entry = cache.peek(key)
  if (!entry) return next()
  const origin = req.headers.origin
  if (origin && !allowedOrigin(origin)) return next()
  // From here on the request is answered here: a hit, a 429 or an error.
  const rq = req as unknown as MedusaRequest
  const rs = res as unknown as MedusaResponse
  // Express sets req.route when it dispatches to a route; this hit is labelled as that route.
  if (entry.route) (rq as any).route = { path: entry.route }
  // Medusa's access log sits behind this lane: write the same line for it.
  logEarlyAnswer(req, res, () =>
    observeRequest(rq, rs, () => {
      void storeRateLimit(rq, rs, (err?: unknown) => {
        if (err) return next(err)
        if (origin) {
          res.setHeader("Access-Control-Allow-Origin", origin)
          res.setHeader("Access-Control-Allow-Credentials", "true")
        }
        cache.count("earlyHit")
        serve(req, res, entry, cache, "HIT")
      })
    })
  )
}

let earlyInstalled = false

/**
 * Chains the early lane onto Express's own `expressInit` layer. The layer's
 * handler is wrapped rather than a layer inserted: inserting would shift the
 * router stack under requests that are being routed at this moment.
 */
function installEarlyLane(req: MedusaRequest) {
  earlyInstalled = true
  const stack: any[] | undefined = (req.app as any)?._router?.stack
  const init = stack?.find((l) => l.name === "expressInit")
  if (!init) return
  const original = init.handle
  init.handle = function expressInitThenEarlyLane(
    rq: IncomingMessage,
    rs: ServerResponse,
    next: (err?: unknown) => void
  ) {
    original(rq, rs, (err?: unknown) => (err ? next(err) : earlyLane(rq, rs, next)))
  }
}

async function catalogCache(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const cache = getCatalogCache()
  if (!cache.options.enabled || (req as any).catalogCacheSeen) return next()
  ;(req as any).catalogCacheSeen = true
  const request = { method: req.method, url: req.originalUrl, headers: req.headers }
  const key = catalogCacheKey(request)
  if (!key) {
    if (isCatalogPath(req.path) && carriesIdentity(request)) {
      cache.count("bypass")
      res.setHeader("x-cache", "BYPASS")
    }
    return next()
  }
  if ((req as any).auth_context?.actor_id) {
    cache.count("bypass")
    res.setHeader("x-cache", "BYPASS")
    return next()
  }
  // Medusa's publishable-key middleware ran before us and accepted this key.
  const accepted = (req as any).publishable_key_context?.key
  if (accepted) cache.acceptKey(accepted)
  if (cache.options.early && !earlyInstalled) installEarlyLane(req)

  const stock = isStockSensitive(req.originalUrl)
  const gen = cache.currentGeneration
  const sgen = stock ? cache.currentStockGeneration : undefined
  let entry = await cache.get(key, stock)
  if (!entry) {
    const pending = cache.pendingFor(key)
    // Bounded: a slow or stuck first request never holds the others for long.
    if (pending) {
      entry = await Promise.race([pending, new Promise<undefined>((r) => setTimeout(r, 5000))])
    }
  }
  // A waited-for fill may have passed a pricing boundary meanwhile.
  if (entry && cache.isFresh(entry)) return serve(req, res, entry, cache, "HIT")

  cache.count("miss")
  res.setHeader("x-cache", "MISS")
  const finish = cache.beginFill(key)
  res.once("close", () => finish(undefined))
  // Looked up before the response is computed, so the response can only be older than it.
  const expiresAt = await cache.expiryFor(() =>
    nextPriceListBoundary(req.scope.resolve(Modules.PRICING))
  )

  // Routes answer with res.json: serialise once, store, and send the same bytes.
  const json = res.json.bind(res)
  res.json = (body: unknown) => {
    if (res.statusCode !== 200 || res.hasHeader("set-cookie") || body === undefined) {
      finish(undefined)
      return json(body)
    }
    const bytes = Buffer.from(JSON.stringify(body))
    res.setHeader("Content-Type", "application/json; charset=utf-8")
    const route = typeof req.route?.path === "string" ? req.route.path : undefined
    const stored = cache.set(key, gen, sgen, bytes, replayableHeaders(res), route, expiresAt)
    finish(cache.peek(key) === stored ? stored : undefined)
    res.setHeader("ETag", stored.etag)
    res.setHeader("Cache-Control", CACHE_CONTROL)
    res.setHeader("Vary", VARY)
    if (ifNoneMatch(req, stored.etag)) {
      cache.count("notModified")
      res.status(304).end()
      return res
    }
    return res.send(bytes)
  }
  next()
}

/** Any successful admin write may change what the store shows: drop the catalog cache. */
function invalidateOnAdminWrite(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const cache = getCatalogCache()
  if (!cache.options.enabled) return next()
  let done = false
  const invalidate = () => {
    if (done || res.statusCode >= 400) return
    done = true
    cache.invalidate().catch(() => {})
  }
  // Before the answer leaves, so the admin's next store read is already fresh.
  const json = res.json.bind(res)
  res.json = (body: unknown) => {
    invalidate()
    return json(body)
  }
  res.once("finish", invalidate)
  next()
}

export const cacheMiddlewares: MiddlewareRoute[] = [
  { matcher: "/store/*", methods: ["GET"], middlewares: [catalogCache] },
  { matcher: "/admin/*", methods: ["POST", "DELETE"], middlewares: [invalidateOnAdminWrite] },
]
