import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { gracePeriodMs } from "../../../lib/data-rights"
import { DATA_RIGHTS_MODULE } from "../../../modules/data-rights"
import type DataRightsModuleService from "../../../modules/data-rights/service"

type Service = DataRightsModuleService
type Row = Awaited<ReturnType<Service["retrieveErasureRequest"]>>
type Compensation = { before: Row | null; createdId: string | null }

const resolve = (container: { resolve: <T>(key: string) => T }) =>
  container.resolve<Service>(DATA_RIGHTS_MODULE)

async function restore(service: Service, before: Row | null, createdId: string | null) {
  if (createdId) return await service.deleteErasureRequests(createdId)
  if (!before) return
  await service.updateErasureRequests({
    id: before.id,
    status: before.status,
    token_hash: before.token_hash,
    token_expires_at: before.token_expires_at,
    execute_after: before.execute_after,
  })
}

export type IssueErasureTokenInput = { customer_id: string }

/** Opens (or renews) the customer's own request; the raw token goes only into the mail. */
export const issueErasureTokenStep = createStep(
  "issue-erasure-token",
  async (input: IssueErasureTokenInput, { container }) => {
    const service = resolve(container)
    const { token, request, previous } = await service.requestByCustomer(input.customer_id)
    const compensation: Compensation = {
      before: previous,
      createdId: previous ? null : request.id,
    }
    return new StepResponse(
      { token, request_id: request.id, expires_at: request.token_expires_at },
      compensation
    )
  },
  async (c, { container }) => {
    if (c) await restore(resolve(container), c.before, c.createdId)
  }
)

export type ConfirmErasureInput = { customer_id: string; token: string }

/** The confirmation token schedules the erasure after the grace period. */
export const confirmErasureStep = createStep(
  "confirm-erasure",
  async (input: ConfirmErasureInput, { container }) => {
    const service = resolve(container)
    const open = await service.requestMatchingToken(input.customer_id, input.token)
    const row = await service.updateErasureRequests({
      id: open.id,
      status: "scheduled",
      token_hash: null,
      token_expires_at: null,
      execute_after: new Date(Date.now() + gracePeriodMs()),
    })
    return new StepResponse<Row, Compensation>(row, { before: open, createdId: null })
  },
  async (c, { container }) => {
    if (c) await restore(resolve(container), c.before, c.createdId)
  }
)

export type ScheduleErasureByAdminInput = {
  customer_id: string
  actor_id: string | null
  /** Skip the grace period (the admin has the customer's confirmed request on file). */
  immediate: boolean
}

/** An admin's request is confirmed by being made; it replaces a pending customer request. */
export const scheduleErasureByAdminStep = createStep(
  "schedule-erasure-by-admin",
  async (input: ScheduleErasureByAdminInput, { container }) => {
    const service = resolve(container)
    const execute_after = new Date(Date.now() + (input.immediate ? 0 : gracePeriodMs()))
    const open = await service.openRequest(input.customer_id)
    if (open) {
      const row = await service.updateErasureRequests({
        id: open.id,
        status: "scheduled",
        token_hash: null,
        token_expires_at: null,
        // An earlier schedule is never pushed back.
        execute_after:
          open.status === "scheduled" && open.execute_after && open.execute_after < execute_after
            ? open.execute_after
            : execute_after,
      })
      return new StepResponse<Row, Compensation>(row, { before: open, createdId: null })
    }
    const row = await service.createErasureRequests({
      customer_id: input.customer_id,
      requested_by: "admin",
      actor_id: input.actor_id,
      status: "scheduled",
      execute_after,
    })
    return new StepResponse<Row, Compensation>(row, { before: null, createdId: row.id })
  },
  async (c, { container }) => {
    if (c) await restore(resolve(container), c.before, c.createdId)
  }
)

export type CancelErasureInput = { customer_id: string }

/** Cancels the customer's open request during its grace period. */
export const cancelErasureStep = createStep(
  "cancel-erasure",
  async (input: CancelErasureInput, { container }) => {
    const service = resolve(container)
    const open = await service.openRequest(input.customer_id)
    if (!open) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, "There is no open erasure request")
    }
    const row = await service.updateErasureRequests({
      id: open.id,
      status: "cancelled",
      token_hash: null,
      token_expires_at: null,
    })
    return new StepResponse<Row, Compensation>(row, { before: open, createdId: null })
  },
  async (c, { container }) => {
    if (c) await restore(resolve(container), c.before, c.createdId)
  }
)
