import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { AUDIT_MODULE } from "../modules/audit"
import type AuditModuleService from "../modules/audit/service"
import type { AuditEntry } from "../modules/audit/service"

/**
 * Records an audit entry without ever failing the caller: auditing must not
 * turn a successful request into an error. A failed write is tried once more
 * (a pooled connection the server dropped fails only the query that held it);
 * a second failure is logged.
 */
export async function recordAudit(
  scope: MedusaContainer,
  entry: AuditEntry,
  retryDelayMs = 200
): Promise<void> {
  const audit = scope.resolve<AuditModuleService>(AUDIT_MODULE, { allowUnregistered: true })
  if (!audit) return
  for (let attempt = 1; ; attempt++) {
    try {
      await audit.record(entry)
      return
    } catch (err) {
      if (attempt < 2) {
        await new Promise((r) => setTimeout(r, retryDelayMs))
        continue
      }
      const logger = scope.resolve(ContainerRegistrationKeys.LOGGER, { allowUnregistered: true })
      logger?.warn(`audit: could not record ${entry.action}: ${(err as Error).message}`)
      return
    }
  }
}
