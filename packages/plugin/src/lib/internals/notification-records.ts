import type { INotificationModuleService } from "@medusajs/framework/types"

/**
 * Medusa's notification module keeps every sent notification (recipient address, template
 * data) in its `notification` table. Its public interface (INotificationModuleService in
 * 2.21.2) can list them but not delete them; the service class is a MedusaService and so
 * has the generated `deleteNotifications` at runtime. Erasure must remove the mails sent to
 * an erased address, so this file is the one place that calls it;
 * __tests__/notification-records.unit.spec.ts fails when the method goes away.
 */
type WithDelete = { deleteNotifications: (ids: string[]) => Promise<void> }

export function canDeleteNotifications(
  service: INotificationModuleService
): service is INotificationModuleService & WithDelete {
  return typeof (service as Partial<WithDelete>).deleteNotifications === "function"
}

/** Deletes the stored notifications sent to `to`; returns how many. */
export async function deleteNotificationsTo(
  service: INotificationModuleService,
  to: string
): Promise<number> {
  if (!canDeleteNotifications(service)) {
    throw new Error("The notification module cannot delete notifications (Medusa changed)")
  }
  const rows = await service.listNotifications({ to }, { select: ["id"], take: null })
  if (rows.length) await service.deleteNotifications(rows.map((r) => r.id))
  return rows.length
}
