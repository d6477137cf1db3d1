import type { IPricingModuleService } from "@medusajs/framework/types"
import type { IncomingMessage, ServerResponse } from "http"
import { nextPriceListBoundary } from "./boundaries"
import type { CachedResponse, CatalogCache } from "./store"

/**
 * The HTTP side of the catalog cache, shared by every door that serves from it
 * (REST's /store middleware and its early lane, and /graphql): lookup with
 * single flight, the miss bookkeeping with its pricing-boundary expiry, and
 * how a stored or fresh response is written.
 */

// Browsers and CDNs may keep a copy but must revalidate it (a cheap 304) every
// time: catalog changes then show up at once, not after a max-age.
export const CACHE_CONTROL = "public, max-age=0, must-revalidate"
export const VARY = "x-publishable-api-key, x-medusa-locale, authorization, origin"

export function ifNoneMatch(req: IncomingMessage, etag: string): boolean {
  const header = req.headers["if-none-match"]
  if (!header) return false
  return header === "*" || header.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)
}

/** Writes a cached response (or a 304) to a raw Node response. */
export function serve(
  req: IncomingMessage,
  res: ServerResponse,
  entry: CachedResponse,
  cache: CatalogCache,
  state: string,
  vary = VARY
) {
  for (const [name, value] of Object.entries(entry.headers)) {
    if (!res.hasHeader(name)) res.setHeader(name, value)
  }
  res.setHeader("ETag", entry.etag)
  res.setHeader("Cache-Control", CACHE_CONTROL)
  res.setHeader("Vary", vary)
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

/**
 * A servable entry for `key`: from either tier, or the one a concurrent first
 * request for the same key is computing (waited for at most 5 s).
 */
export async function lookup(
  cache: CatalogCache,
  key: string,
  stock: boolean
): Promise<CachedResponse | undefined> {
  let entry = await cache.get(key, stock)
  if (!entry) {
    const pending = cache.pendingFor(key)
    // Bounded: a slow or stuck first request never holds the others for long.
    if (pending) {
      entry = await Promise.race([pending, new Promise<undefined>((r) => setTimeout(r, 5000))])
    }
  }
  // A waited-for fill may have passed a pricing boundary meanwhile.
  return entry && cache.isFresh(entry) ? entry : undefined
}

/** What a miss computes its response under, and how it ends the single flight. */
export type Fill = {
  key: string
  gen: number
  sgen: number | undefined
  expiresAt: number
  /** ends the single flight: the stored entry, or undefined when nothing was stored */
  finish: (entry: CachedResponse | undefined) => void
}

/**
 * Starts computing a missed response: counts the miss, sets `x-cache: MISS`,
 * notes the generations and looks up the expiry (the next price-list start or
 * end) before the response is computed, so the response can only be older
 * than its expiry.
 */
export async function beginMiss(
  res: ServerResponse,
  cache: CatalogCache,
  key: string,
  stock: boolean,
  pricing: () => Pick<IPricingModuleService, "listPriceLists">
): Promise<Fill> {
  const gen = cache.currentGeneration
  const sgen = stock ? cache.currentStockGeneration : undefined
  cache.count("miss")
  res.setHeader("x-cache", "MISS")
  const finish = cache.beginFill(key)
  res.once("close", () => finish(undefined))
  const expiresAt = await cache.expiryFor(() => nextPriceListBoundary(pricing()))
  return { key, gen, sgen, expiresAt, finish }
}

/**
 * Stores a computed 200 and sets its validators. Answers true when the
 * request's If-None-Match matched and a 304 has been sent; otherwise the
 * caller sends `bytes` itself. `headers` are those replayed on a hit.
 */
export function storeFill(
  req: IncomingMessage,
  res: ServerResponse,
  cache: CatalogCache,
  fill: Fill,
  bytes: Buffer,
  headers: Record<string, string>,
  route: string | undefined,
  vary = VARY
): boolean {
  const stored = cache.set(fill.key, fill.gen, fill.sgen, bytes, headers, route, fill.expiresAt)
  fill.finish(cache.peek(fill.key) === stored ? stored : undefined)
  res.setHeader("ETag", stored.etag)
  res.setHeader("Cache-Control", CACHE_CONTROL)
  res.setHeader("Vary", vary)
  if (!ifNoneMatch(req, stored.etag)) return false
  cache.count("notModified")
  res.statusCode = 304
  res.end()
  return true
}
