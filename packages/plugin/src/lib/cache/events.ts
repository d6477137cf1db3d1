import {
  InventoryEvents,
  PricingEvents,
  ProductCategoryWorkflowEvents,
  ProductCollectionWorkflowEvents,
  ProductEvents,
  ProductOptionWorkflowEvents,
  ProductTagWorkflowEvents,
  ProductTypeWorkflowEvents,
  ProductVariantWorkflowEvents,
  ProductWorkflowEvents,
  RegionWorkflowEvents,
  SalesChannelWorkflowEvents,
  InventoryItemWorkflowEvents,
  InventoryLevelWorkflowEvents,
  ReservationItemWorkflowEvents,
  TranslationWorkflowEvents,
} from "@medusajs/framework/utils"

/**
 * Reservation events are not subscribed (decision 0131). Every path that
 * reserves stock is either cart completion, which emits `order.placed` in the
 * same event group (released together when the workflow succeeds, nothing when
 * it fails), or an admin route (order edits, claims, exchanges, fulfilments,
 * cancellations, /admin/reservations), which `invalidateOnAdminWrite` covers
 * before its answer leaves. Subscribing to them cost every checkout an
 * event-bus job and a second stock-generation bump.
 */
export const RESERVATION_EVENTS: string[] = [
  ...Object.values(ReservationItemWorkflowEvents),
  ...Object.values(InventoryEvents).filter((e) => e.includes("reservation-item")),
]

const unsubscribed = new Set(RESERVATION_EVENTS)

/** Events that change stock only: they drop responses that show stock. */
export const STOCK_EVENTS: string[] = [
  ...Object.values(InventoryLevelWorkflowEvents),
  ...Object.values(InventoryEvents).filter((e) => e.includes("inventory-level")),
  "order.placed",
  "order.canceled",
]

/**
 * Every event after which a cached catalog response may be stale: workflow
 * events and the data modules' own events for products, variants, prices,
 * price lists, inventory, categories, collections, sales channels, regions;
 * plus order.placed (stock changes through reservations: it stands for them,
 * see RESERVATION_EVENTS) and the reviews feature's events (its summaries are
 * cached by path pattern).
 */
export const CATALOG_INVALIDATING_EVENTS: string[] = [
  ...new Set([
    ...Object.values(ProductWorkflowEvents),
    ...Object.values(ProductVariantWorkflowEvents),
    ...Object.values(ProductCategoryWorkflowEvents),
    ...Object.values(ProductCollectionWorkflowEvents),
    ...Object.values(ProductTypeWorkflowEvents),
    ...Object.values(ProductTagWorkflowEvents),
    ...Object.values(ProductOptionWorkflowEvents),
    ...Object.values(ProductEvents),
    ...Object.values(PricingEvents),
    ...Object.values(InventoryEvents),
    ...Object.values(InventoryItemWorkflowEvents),
    ...Object.values(InventoryLevelWorkflowEvents),
    ...Object.values(RegionWorkflowEvents),
    ...Object.values(SalesChannelWorkflowEvents),
    ...Object.values(TranslationWorkflowEvents),
    "order.placed",
    "order.canceled",
    "review.created",
    "review.updated",
    "review.deleted",
    "review.approved",
    "review.rejected",
  ]),
].filter((e) => !unsubscribed.has(e))
