/**
 * Erasure deletes the stored mails to an erased address through the notification module's
 * generated `deleteNotifications` (../notification-records.ts). This fails when Medusa's
 * notification service stops having it.
 */
import NotificationModule from "@medusajs/medusa/notification"
import { canDeleteNotifications } from "../notification-records"

// The service class Medusa registers for Modules.NOTIFICATION.
const NotificationModuleService = NotificationModule.service

describe("notification module internals used by erasure", () => {
  it("has deleteNotifications on the service Medusa 2.21.2 registers", () => {
    const proto = NotificationModuleService.prototype
    expect(canDeleteNotifications(Object.create(proto) as never)).toBe(true)
  })

  it("refuses a service without it", () => {
    expect(canDeleteNotifications({ listNotifications: async () => [] } as never)).toBe(false)
  })
})
