import { MedusaService } from "@medusajs/framework/utils"
import { AuditLog } from "./models/audit-log"

export type AuditEntry = {
  kind: "admin" | "auth"
  action: string
  actor_type?: string | null
  actor_id?: string | null
  method?: string | null
  route?: string | null
  target_id?: string | null
  status?: number | null
  ip?: string | null
  occurred_at?: Date
  metadata?: Record<string, unknown> | null
}

// Keys whose values must never reach the audit log, whatever a caller passes.
const SECRET_KEY = /pass(word)?|token|secret|authorization|cookie|api[-_]?key/i

function scrub(metadata: Record<string, unknown> | null | undefined) {
  if (!metadata) return null
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(metadata)) {
    if (SECRET_KEY.test(key)) continue
    out[key] = typeof value === "string" ? value.slice(0, 500) : value
  }
  return out
}

class AuditModuleService extends MedusaService({ AuditLog }) {
  async record(entry: AuditEntry) {
    return await this.createAuditLogs({
      ...entry,
      occurred_at: entry.occurred_at ?? new Date(),
      metadata: scrub(entry.metadata),
    })
  }

  /**
   * Entries about one person: those they caused (actor), those about them (target) and auth
   * events that name their e-mail (metadata.identifier). For the data export and erasure.
   */
  async listAboutSubject(subjectId: string, email: string | null) {
    const config = { order: { occurred_at: "ASC" as const }, take: null }
    const byId = await this.listAuditLogs(
      { $or: [{ actor_id: subjectId }, { target_id: subjectId }] },
      config
    )
    const byEmail = email
      ? await this.listAuditLogs({ metadata: { identifier: email } }, config)
      : []
    const all = new Map([...byId, ...byEmail].map((row) => [row.id, row]))
    return [...all.values()]
  }

  /** Deletes entries older than `before`; returns how many were removed. */
  async purgeBefore(before: Date): Promise<number> {
    const old = await this.listAuditLogs(
      { occurred_at: { $lt: before } },
      {
        select: ["id"],
        take: null,
      }
    )
    if (!old.length) return 0
    await this.deleteAuditLogs(old.map((row) => row.id))
    return old.length
  }
}

export default AuditModuleService
