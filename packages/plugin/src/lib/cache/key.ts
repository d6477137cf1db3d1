import { createHash } from "crypto"

/**
 * Store catalog GETs whose answer depends only on the URL, the publishable key
 * (sales channel), the locale header and, through the query, region/currency.
 * Review summaries are included by pattern so the reviews feature gets caching
 * without further wiring.
 */
const CATALOG_PATHS = [
  /^\/store\/products$/,
  /^\/store\/products\/[^/]+$/,
  /^\/store\/products\/[^/]+\/reviews\/summary$/,
  /^\/store\/reviews\/summaries$/,
  /^\/store\/product-categories(\/[^/]+)?$/,
  /^\/store\/collections(\/[^/]+)?$/,
  /^\/store\/regions(\/[^/]+)?$/,
]

export type CacheableRequest = {
  method: string
  /** path + query exactly as received (req.originalUrl) */
  url: string
  headers: Record<string, string | string[] | undefined>
}

function header(req: CacheableRequest, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** Customers (bearer token or session cookie) may see group prices: never cached. */
export function carriesIdentity(req: CacheableRequest): boolean {
  if (req.headers.authorization) return true
  const cookie = header(req, "cookie")
  return !!cookie && cookie.includes("connect.sid=")
}

export function isCatalogPath(path: string): boolean {
  return CATALOG_PATHS.some((re) => re.test(path))
}

/** Query string with parameters sorted by name then value, so `?b=1&a=2` == `?a=2&b=1`. */
export function normaliseQuery(search: string): string {
  if (!search) return ""
  const params = new URLSearchParams(search)
  const pairs = [...params.entries()].sort((a, b) =>
    a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1
  )
  return new URLSearchParams(pairs).toString()
}

/**
 * The cache key of a request, or null when the request must not be served
 * from (or stored in) the cache.
 */
export function catalogCacheKey(req: CacheableRequest): string | null {
  if (req.method !== "GET" && req.method !== "HEAD") return null
  const q = req.url.indexOf("?")
  const path = q === -1 ? req.url : req.url.slice(0, q)
  if (!isCatalogPath(path)) return null
  if (carriesIdentity(req)) return null
  const key = header(req, "x-publishable-api-key")
  if (!key) return null
  const locale = header(req, "x-medusa-locale") || ""
  const raw = `${path}?${normaliseQuery(q === -1 ? "" : req.url.slice(q + 1))}|${key}|${locale}`
  return createHash("sha1").update(raw).digest("base64url")
}

/**
 * Responses that show stock (fields asking for inventory) also depend on the
 * stock generation: orders and reservations then drop only them.
 */
export function isStockSensitive(url: string): boolean {
  const q = url.indexOf("?")
  if (q === -1) return false
  const query = url.slice(q + 1)
  // Malformed escapes are refused before this runs (request-target guard); if
  // one gets here anyway, never throw: treat it as stock-sensitive.
  try {
    return /inventory/i.test(decodeURIComponent(query))
  } catch {
    return true
  }
}
