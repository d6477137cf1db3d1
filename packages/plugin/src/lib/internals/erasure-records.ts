import type {
  INotificationModuleService,
  IPaymentModuleService,
  IWorkflowEngineService,
} from "@medusajs/framework/types"

/**
 * Erasure must remove personal data that Medusa 2.21.2 keeps where its public module
 * interfaces can read but not change it. The three services are MedusaService classes and
 * so have the generated methods used here at runtime; this file is the one place that calls
 * them, and __tests__/erasure-records.unit.spec.ts fails when one of them goes away.
 *
 * - `notification`: every sent notification with recipient and template data
 *   (INotificationModuleService has no delete): `deleteNotifications`.
 * - `payment_session.context`: the customer and billing address a session was created with.
 *   The public `updatePaymentSession` calls the payment provider (it is for changing the
 *   amount), so the generated `updatePaymentSessions` writes the column only.
 * - `workflow_execution`: stored workflows (cart completion is kept 3 days) hold their step
 *   inputs and outputs, the cart with e-mail and addresses among them
 *   (IWorkflowEngineService has no delete): `deleteWorkflowExecutions`.
 */
type NotificationDelete = { deleteNotifications: (ids: string[]) => Promise<void> }
type SessionUpdate = {
  updatePaymentSessions: (data: { id: string; context: null }[]) => Promise<unknown>
}
/** workflow_execution's primary key is composite. */
type ExecutionKey = { workflow_id: string; transaction_id: string; run_id: string }
type ExecutionDelete = { deleteWorkflowExecutions: (keys: ExecutionKey[]) => Promise<void> }

const has = <T>(service: unknown, method: keyof T): service is T =>
  !!service && typeof (service as Record<keyof T, unknown>)[method] === "function"

export function canDeleteNotifications(
  service: INotificationModuleService
): service is INotificationModuleService & NotificationDelete {
  return has<NotificationDelete>(service, "deleteNotifications")
}

export function canUpdatePaymentSessions(
  service: IPaymentModuleService
): service is IPaymentModuleService & SessionUpdate {
  return has<SessionUpdate>(service, "updatePaymentSessions")
}

export function canDeleteWorkflowExecutions(
  service: IWorkflowEngineService
): service is IWorkflowEngineService & ExecutionDelete {
  return has<ExecutionDelete>(service, "deleteWorkflowExecutions")
}

function changed(what: string): Error {
  return new Error(
    `Erasure cannot ${what}: Medusa's service changed (lib/internals/erasure-records.ts)`
  )
}

/** Deletes the stored notifications sent to `to`; returns how many. */
export async function deleteNotificationsTo(
  service: INotificationModuleService,
  to: string
): Promise<number> {
  if (!canDeleteNotifications(service)) throw changed("delete notifications")
  const rows = await service.listNotifications({ to }, { select: ["id"], take: null })
  if (rows.length) await service.deleteNotifications(rows.map((r) => r.id))
  return rows.length
}

/** Clears the context of the sessions of these payment collections; returns how many. */
export async function clearPaymentSessionContexts(
  service: IPaymentModuleService,
  paymentCollectionIds: string[]
): Promise<number> {
  if (!paymentCollectionIds.length) return 0
  if (!canUpdatePaymentSessions(service)) throw changed("clear payment sessions")
  const sessions = await service.listPaymentSessions(
    { payment_collection_id: paymentCollectionIds },
    { select: ["id"], take: null }
  )
  if (sessions.length) {
    // null, not {}: an object is merged into the stored JSON and would keep every key.
    await service.updatePaymentSessions(sessions.map((s) => ({ id: s.id, context: null })))
  }
  return sessions.length
}

const FINISHED = ["done", "failed", "reverted"]
const PAGE = 200

/**
 * Deletes finished stored workflow executions whose data mentions one of `needles` (ids and
 * the e-mail of the erased customer); returns how many. Running ones are left alone.
 */
export async function deleteWorkflowExecutionsMentioning(
  service: IWorkflowEngineService,
  needles: string[]
): Promise<number> {
  const wanted = needles.filter((n) => n.length >= 6)
  if (!wanted.length) return 0
  if (!canDeleteWorkflowExecutions(service)) throw changed("delete workflow executions")
  const matching: ExecutionKey[] = []
  for (let skip = 0; ; skip += PAGE) {
    const rows = await service.listWorkflowExecutions(
      { state: FINISHED },
      { skip, take: PAGE, order: { id: "ASC" } }
    )
    for (const row of rows) {
      const text = JSON.stringify([row.context, row.execution])
      if (!wanted.some((n) => text.includes(n))) continue
      const key = row as unknown as Record<keyof ExecutionKey, string>
      matching.push({
        workflow_id: key.workflow_id,
        transaction_id: key.transaction_id,
        run_id: key.run_id,
      })
    }
    if (rows.length < PAGE) break
  }
  if (matching.length) await service.deleteWorkflowExecutions(matching)
  return matching.length
}
