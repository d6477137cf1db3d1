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

/** Events that change stock only: they drop responses that show stock. */
export const STOCK_EVENTS: string[] = [
  ...Object.values(InventoryLevelWorkflowEvents),
  ...Object.values(ReservationItemWorkflowEvents),
  ...Object.values(InventoryEvents).filter((e) => !e.includes("inventory-item")),
  "order.placed",
  "order.canceled",
]

/**
 * Every event after which a cached catalog response may be stale: workflow
 * events and the data modules' own events for products, variants, prices,
 * price lists, inventory, categories, collections, sales channels, regions;
 * plus order.placed (stock changes through reservations) and the reviews
 * feature's events (its summaries are cached by path pattern).
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
    ...Object.values(ReservationItemWorkflowEvents),
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
]
