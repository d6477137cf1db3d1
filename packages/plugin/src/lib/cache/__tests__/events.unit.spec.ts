import { InventoryEvents, ReservationItemWorkflowEvents } from "@medusajs/framework/utils"
import { CATALOG_INVALIDATING_EVENTS, RESERVATION_EVENTS, STOCK_EVENTS } from "../events"

describe("catalog cache events", () => {
  it("subscribes to no reservation event: order.placed and admin writes stand for them", () => {
    const reservations = [
      ...Object.values(ReservationItemWorkflowEvents),
      InventoryEvents.RESERVATION_ITEM_CREATED,
      InventoryEvents.RESERVATION_ITEM_UPDATED,
      InventoryEvents.RESERVATION_ITEM_DELETED,
    ]
    expect(RESERVATION_EVENTS).toEqual(expect.arrayContaining(reservations))
    for (const name of reservations) expect(CATALOG_INVALIDATING_EVENTS).not.toContain(name)
    expect(CATALOG_INVALIDATING_EVENTS).toEqual(
      expect.arrayContaining(["order.placed", "order.canceled"])
    )
  })

  it("keeps inventory levels as stock-only events, every stock event subscribed", () => {
    for (const name of [
      "inventory-level.updated",
      InventoryEvents.INVENTORY_LEVEL_UPDATED,
      "order.placed",
      "order.canceled",
    ]) {
      expect(STOCK_EVENTS).toContain(name)
    }
    for (const name of STOCK_EVENTS) expect(CATALOG_INVALIDATING_EVENTS).toContain(name)
    // Inventory items change what is sold, not only how much: the whole catalog.
    expect(STOCK_EVENTS).not.toContain(InventoryEvents.INVENTORY_ITEM_UPDATED)
    expect(CATALOG_INVALIDATING_EVENTS).toContain(InventoryEvents.INVENTORY_ITEM_UPDATED)
  })
})
