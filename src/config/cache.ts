import type { Settings } from "../lib/settings"

/** Module registrations owned by the cache feature. */
export function cacheModules(_settings: Settings): Record<string, unknown>[] {
  return []
}
