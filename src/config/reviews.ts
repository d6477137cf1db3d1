import type { Settings } from "../lib/settings"

/** Module registrations owned by the reviews feature. */
export function reviewsModules(_settings: Settings): Record<string, unknown>[] {
  return []
}
