import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AUDIT_MODULE } from "../../../modules/audit"
import type AuditModuleService from "../../../modules/audit/service"

export type ScrubAuditLogInput = { email: string | null }

type Before = { id: string; metadata: Record<string, unknown> | null }[]

/**
 * Auth events name the e-mail that tried to log in (metadata.identifier). Erasure removes
 * the address from them; the entries themselves stay (who did what, when).
 */
export const scrubAuditLogStep = createStep(
  "scrub-audit-log",
  async (input: ScrubAuditLogInput, { container }) => {
    const audit = container.resolve<AuditModuleService>(AUDIT_MODULE, { allowUnregistered: true })
    if (!audit || !input.email) return new StepResponse({ audit_entries: 0 }, [] as Before)
    const rows = await audit.listAuditLogs(
      { metadata: { identifier: input.email } },
      { take: null }
    )
    const before: Before = rows.map((r) => ({ id: r.id, metadata: r.metadata }))
    if (rows.length) {
      await audit.updateAuditLogs(
        rows.map((r) => ({ id: r.id, metadata: { ...(r.metadata ?? {}), identifier: "[erased]" } }))
      )
    }
    return new StepResponse({ audit_entries: rows.length }, before)
  },
  async (before, { container }) => {
    if (!before?.length) return
    const audit = container.resolve<AuditModuleService>(AUDIT_MODULE)
    await audit.updateAuditLogs(before)
  }
)
