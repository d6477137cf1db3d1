import type { Settings } from "../lib/settings"

/** Module registrations owned by the audit feature. */
export function auditModules(_settings: Settings): Record<string, unknown>[] {
  return [{ resolve: "./src/modules/audit" }]
}
