import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { recordAudit } from "../../../lib/audit"
import type { AuditEntry } from "../../../modules/audit/service"

export const recordAuditStep = createStep(
  "record-audit",
  async (entry: AuditEntry, { container }) => {
    await recordAudit(container, entry)
    return new StepResponse(undefined)
  }
)
