import type { InferTypeOf } from "@medusajs/framework/types"
import type { AuditLog } from "../modules/audit/models/audit-log"

export type AuditLogDTO = InferTypeOf<typeof AuditLog>
/** What `recordAuditStep` and the audit module's `record()` take. */
export type { AuditEntry } from "../modules/audit/service"
