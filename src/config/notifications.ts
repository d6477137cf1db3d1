import type { Settings } from "../lib/settings"

/** Module registrations owned by the notifications feature. */
export function notificationsModules(_settings: Settings): Record<string, unknown>[] {
  return []
}
