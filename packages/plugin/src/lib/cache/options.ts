type Env = Record<string, string | undefined>

export type CatalogCacheOptions = {
  /** CATALOG_CACHE=off switches the response cache off (plain Medusa behaviour). */
  enabled: boolean
  /**
   * Serve in-process hits before Medusa's middleware stack (CATALOG_CACHE_EARLY=off turns it
   * off). Early hits still pass /store rate limits, request ids and metrics; security headers
   * are replayed from the stored response.
   */
  early: boolean
  redisUrl?: string
  prefix: string
  memoryBytes: number
  /**
   * Maximum age of an entry in every tier, in-process and Redis
   * (CATALOG_CACHE_TTL_SECONDS): a safety net, invalidation is by event and
   * pricing boundaries.
   */
  ttlSeconds: number
}

export function readCatalogCacheOptions(env: Env = process.env): CatalogCacheOptions {
  const num = (value: string | undefined, fallback: number) => {
    const n = Number(value)
    return Number.isFinite(n) && n > 0 ? n : fallback
  }
  return {
    enabled: env.CATALOG_CACHE !== "off",
    early: env.CATALOG_CACHE_EARLY !== "off",
    redisUrl: env.CATALOG_CACHE_REDIS_URL || env.REDIS_URL || undefined,
    prefix: env.CATALOG_CACHE_PREFIX || "cache:",
    memoryBytes: num(env.CATALOG_CACHE_MEMORY_MB, 64) * 1024 * 1024,
    ttlSeconds: num(env.CATALOG_CACHE_TTL_SECONDS, 300),
  }
}
