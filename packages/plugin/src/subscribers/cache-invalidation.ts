import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { CATALOG_INVALIDATING_EVENTS, getCatalogCache, STOCK_EVENTS } from "../lib/cache"
import { featureEnabled } from "../lib/plugin-options"

const stockOnly = new Set(STOCK_EVENTS)

/**
 * Catalog data changed: drop cached catalog responses in every process (the
 * generation bump is published on Redis when REDIS_URL is set). Stock-only
 * events (orders placed or canceled, inventory levels) drop only responses
 * that show stock; reservations are covered by `order.placed` and admin writes
 * (lib/cache/events.ts, decision 0131).
 */
export default async function catalogCacheInvalidation({ event }: SubscriberArgs<unknown>) {
  if (!featureEnabled("catalogCache")) return
  const cache = getCatalogCache()
  if (!cache.options.enabled) return
  await cache.invalidate(stockOnly.has(event.name) ? "stock" : "all")
}

export const config: SubscriberConfig = {
  event: CATALOG_INVALIDATING_EVENTS,
  context: { subscriberId: "catalog-cache-invalidation" },
}
