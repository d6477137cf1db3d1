import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { AUDIT_MODULE } from "../modules/audit"
import type AuditModuleService from "../modules/audit/service"
import type { AuditEntry } from "../modules/audit/service"

/**
 * Records an audit entry without ever failing the caller: auditing must not
 * turn a successful request into an error. Failures are logged.
 */
export async function recordAudit(scope: MedusaContainer, entry: AuditEntry): Promise<void> {
  try {
    const audit = scope.resolve<AuditModuleService>(AUDIT_MODULE, { allowUnregistered: true })
    if (!audit) return
    await audit.record(entry)
  } catch (err) {
    const logger = scope.resolve(ContainerRegistrationKeys.LOGGER, { allowUnregistered: true })
    logger?.warn(`audit: could not record ${entry.action}: ${(err as Error).message}`)
  }
}
