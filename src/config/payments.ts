import type { Settings } from "../lib/settings"

/** Module registrations owned by the payments feature. */
export function paymentsModules(_settings: Settings): Record<string, unknown>[] {
  return []
}
