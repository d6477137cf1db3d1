import type { Settings } from "../lib/settings"

type Env = Record<string, string | undefined>

/**
 * MEDUSA_CACHING=redis turns on Medusa's own Caching Module (feature flag
 * `caching` + the Redis provider). Our catalog response cache (CATALOG_CACHE)
 * is independent of it; the benchmark compares both.
 */
function medusaCachingEnabled(settings: Settings, env: Env) {
  return env.MEDUSA_CACHING === "redis" && !!settings.redisUrl
}

/** Module registrations owned by the cache feature. */
export function cacheModules(
  settings: Settings,
  env: Env = process.env
): Record<string, unknown>[] {
  if (!medusaCachingEnabled(settings, env)) return []
  return [
    {
      resolve: "@medusajs/medusa/caching",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/caching-redis",
            id: "caching-redis",
            is_default: true,
            options: { redisUrl: settings.redisUrl },
          },
        ],
      },
    },
  ]
}

/** Feature flags owned by the cache feature (merged into medusa-config's featureFlags). */
export function cacheFeatureFlags(
  settings: Settings,
  env: Env = process.env
): Record<string, boolean> {
  return medusaCachingEnabled(settings, env) ? { caching: true } : {}
}
