import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DATA_RIGHTS_MODULE } from "../../../modules/data-rights"
import type DataRightsModuleService from "../../../modules/data-rights/service"

type Row = Awaited<ReturnType<DataRightsModuleService["retrieveErasureRequest"]>>
type Compensation = { createdId: string | null; before: Row | null }

export type CompleteErasureRequestInput = {
  customer_id: string
  request_id?: string | null
  requested_by: string
  actor_id?: string | null
}

/**
 * Marks the request completed, or records a completed one (admin at once, retention). A
 * completed request is what makes the customer's old tokens and sessions stop working.
 */
export const completeErasureRequestStep = createStep(
  "complete-erasure-request",
  async (input: CompleteErasureRequestInput, { container }) => {
    const service = container.resolve<DataRightsModuleService>(DATA_RIGHTS_MODULE)
    const completed_at = new Date()
    if (input.request_id) {
      const [before] = await service.listErasureRequests({ id: input.request_id })
      const row = await service.updateErasureRequests({
        id: input.request_id,
        status: "completed",
        completed_at,
        token_hash: null,
        token_expires_at: null,
      })
      return new StepResponse<Row, Compensation>(row, { createdId: null, before: before ?? null })
    }
    const row = await service.createErasureRequests({
      customer_id: input.customer_id,
      requested_by: input.requested_by,
      actor_id: input.actor_id ?? null,
      status: "completed",
      completed_at,
    })
    return new StepResponse<Row, Compensation>(row, { createdId: row.id, before: null })
  },
  async (compensation, { container }) => {
    if (!compensation) return
    const service = container.resolve<DataRightsModuleService>(DATA_RIGHTS_MODULE)
    if (compensation.createdId) {
      await service.deleteErasureRequests(compensation.createdId)
    } else if (compensation.before) {
      const b = compensation.before
      await service.updateErasureRequests({
        id: b.id,
        status: b.status,
        completed_at: b.completed_at,
        token_hash: b.token_hash,
        token_expires_at: b.token_expires_at,
      })
    }
  }
)
