import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { CATALOG_INVALIDATING_EVENTS, getCatalogCache } from "../lib/cache"

/**
 * Catalog data changed: drop cached catalog responses in every process (the
 * generation bump is published on Redis when REDIS_URL is set).
 */
export default async function catalogCacheInvalidation(_args: SubscriberArgs<unknown>) {
  const cache = getCatalogCache()
  if (!cache.options.enabled) return
  await cache.invalidate()
}

export const config: SubscriberConfig = {
  event: CATALOG_INVALIDATING_EVENTS,
  context: { subscriberId: "catalog-cache-invalidation" },
}
