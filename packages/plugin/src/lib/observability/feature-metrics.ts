import { onCatalogCacheEvent } from "../cache"
import { onRateLimitRejected } from "../rate-limit"
import { cacheLookups, rateLimitRejections } from "./metrics"

let installed = false

/** Counts other features' events (429s, catalog cache lookups) in the Prometheus registry. */
export function installFeatureMetrics(): void {
  if (installed) return
  installed = true
  onRateLimitRejected(({ limiter }) => rateLimitRejections.inc({ limiter }))
  onCatalogCacheEvent((event) => {
    if (event === "hit" || event === "miss") cacheLookups.inc({ result: event })
  })
}
