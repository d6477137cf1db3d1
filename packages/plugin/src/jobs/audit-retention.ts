import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { AUDIT_MODULE } from "../modules/audit"
import type AuditModuleService from "../modules/audit/service"
import { featureEnabled } from "../lib/plugin-options"

export function retentionDays(): number {
  const days = Number(process.env.AUDIT_RETENTION_DAYS || 90)
  return Number.isFinite(days) && days > 0 ? days : 90
}

/** Deletes audit entries older than AUDIT_RETENTION_DAYS (default 90). */
export default async function auditRetentionJob(container: MedusaContainer, now = new Date()) {
  if (!featureEnabled("audit")) return
  const audit = container.resolve<AuditModuleService>(AUDIT_MODULE)
  const cutoff = new Date(now.getTime() - retentionDays() * 24 * 3600 * 1000)
  const removed = await audit.purgeBefore(cutoff)
  container
    .resolve(ContainerRegistrationKeys.LOGGER)
    .info(`audit retention: removed ${removed} entries older than ${cutoff.toISOString()}`)
  return removed
}

export const config = {
  name: "audit-retention",
  schedule: "17 3 * * *",
}
