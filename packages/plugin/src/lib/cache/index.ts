import { readCatalogCacheOptions } from "./options"
import { CatalogCache, type CacheStats } from "./store"

export {
  catalogCacheKey,
  carriesIdentity,
  isCatalogPath,
  isStockSensitive,
  normaliseQuery,
} from "./key"
export { readCatalogCacheOptions } from "./options"
export { CATALOG_INVALIDATING_EVENTS, STOCK_EVENTS } from "./events"
export type { CachedResponse, CacheStats } from "./store"
export { CatalogCache }

let instance: CatalogCache | undefined

/** The process-wide catalog cache (created from the environment on first use). */
export function getCatalogCache(): CatalogCache {
  if (!instance) instance = new CatalogCache(readCatalogCacheOptions())
  return instance
}

/** Hit/miss counters for metrics (observability can wire these to prom-client). */
export function catalogCacheStats(): CacheStats {
  return getCatalogCache().snapshot()
}

/** Subscribe to hit/miss/store/invalidate events, e.g. to increment a prom-client counter. */
export function onCatalogCacheEvent(
  listener: (event: "hit" | "miss" | "bypass" | "store" | "invalidate") => void
) {
  getCatalogCache().onEvent(listener)
}

/** Drops every cached catalog response in every process. */
export function invalidateCatalogCache(scope: "all" | "stock" = "all"): Promise<void> {
  return getCatalogCache().invalidate(scope)
}
