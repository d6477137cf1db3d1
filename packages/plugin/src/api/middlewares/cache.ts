import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
  MiddlewareRoute,
} from "@medusajs/framework/http"
import { Modules, parseCorsOrigins } from "@medusajs/framework/utils"
import type { IncomingMessage, ServerResponse } from "http"
import {
  carriesIdentity,
  catalogCacheKey,
  getCatalogCache,
  isCatalogPath,
  isStockSensitive,
} from "../../lib/cache"
import { beginMiss, lookup, serve, storeFill } from "../../lib/cache/http"
import { installNoStoreOnErrors } from "../../lib/cache/error-responses"
import type { MaybeAuthenticatedRequest } from "../../lib/http"
import { runAfterLayer } from "../../lib/internals/express-router"
import { logEarlyAnswer } from "../../lib/observability/access-log"
import { readSettings } from "../../lib/settings"
import { observeRequest } from "./observability"
import { storeRateLimit } from "./security-auth"

// Before the first request: no 4xx/5xx, from whichever handler, leaves with a cacheable header.
installNoStoreOnErrors()

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
  if (entry.route) rq.route = { path: entry.route }
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
  runAfterLayer(req.app, "expressInit", earlyLane)
}

// Requests this middleware has handled already (it runs once per request).
const seen = new WeakSet<object>()

async function catalogCache(
  req: MaybeAuthenticatedRequest,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  const cache = getCatalogCache()
  if (!cache.options.enabled || seen.has(req)) return next()
  seen.add(req)
  const request = { method: req.method, url: req.originalUrl, headers: req.headers }
  const key = catalogCacheKey(request)
  if (!key) {
    if (isCatalogPath(req.path) && carriesIdentity(request)) {
      cache.count("bypass")
      res.setHeader("x-cache", "BYPASS")
    }
    return next()
  }
  if (req.auth_context?.actor_id) {
    cache.count("bypass")
    res.setHeader("x-cache", "BYPASS")
    return next()
  }
  // Medusa's publishable-key middleware ran before us and accepted this key.
  const accepted = req.publishable_key_context?.key
  if (accepted) cache.acceptKey(accepted)
  if (cache.options.early && !earlyInstalled) installEarlyLane(req)

  const stock = isStockSensitive(req.originalUrl)
  const entry = await lookup(cache, key, stock)
  if (entry) return serve(req, res, entry, cache, "HIT")

  const fill = await beginMiss(res, cache, key, stock, () => req.scope.resolve(Modules.PRICING))

  // Routes answer with res.json: serialise once, store, and send the same bytes.
  const json = res.json.bind(res)
  res.json = (body: unknown) => {
    if (res.statusCode !== 200 || res.hasHeader("set-cookie") || body === undefined) {
      fill.finish(undefined)
      return json(body)
    }
    const bytes = Buffer.from(JSON.stringify(body))
    res.setHeader("Content-Type", "application/json; charset=utf-8")
    const route = typeof req.route?.path === "string" ? req.route.path : undefined
    if (storeFill(req, res, cache, fill, bytes, replayableHeaders(res), route)) return res
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
