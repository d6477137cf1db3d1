import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { WebhookEventType } from "./events"

type Data = Record<string, unknown>
type EventData = Record<string, unknown> & { id?: string }

const ORDER_FIELDS = [
  "id",
  "display_id",
  "status",
  "email",
  "currency_code",
  "total",
  "subtotal",
  "tax_total",
  "shipping_total",
  "discount_total",
  "customer_id",
  "region_id",
  "sales_channel_id",
  "created_at",
  "canceled_at",
  "items.id",
  "items.title",
  "items.product_id",
  "items.variant_id",
  "items.variant_sku",
  "items.quantity",
  "items.unit_price",
  "items.total",
  "shipping_address.first_name",
  "shipping_address.last_name",
  "shipping_address.company",
  "shipping_address.address_1",
  "shipping_address.address_2",
  "shipping_address.city",
  "shipping_address.postal_code",
  "shipping_address.province",
  "shipping_address.country_code",
  "shipping_address.phone",
]

const PRODUCT_FIELDS = [
  "id",
  "title",
  "handle",
  "status",
  "created_at",
  "updated_at",
  "variants.id",
  "variants.title",
  "variants.sku",
]

/** Plain JSON (BigNumber totals become numbers, dates ISO strings). */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value ?? null)) as T
}

async function one(
  container: MedusaContainer,
  entity: string,
  id: string,
  fields: string[]
): Promise<Data | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity, fields, filters: { id } })
  return data[0] ? plain(data[0] as Data) : null
}

/**
 * The `data` of a webhook for a Medusa event; null when the record is gone (nothing to send).
 * Shapes are documented in docs/webhooks.md and versioned by WEBHOOK_SCHEMA_VERSION.
 */
export async function buildPayload(
  container: MedusaContainer,
  type: WebhookEventType,
  event: EventData
): Promise<Data | null> {
  switch (type) {
    case "order.placed":
    case "order.canceled":
      return event.id ? await one(container, "order", event.id, ORDER_FIELDS) : null
    case "order.fulfillment_created": {
      const orderId = String(event.order_id ?? "")
      const fulfillmentId = String(event.fulfillment_id ?? "")
      const fulfillment = fulfillmentId
        ? await one(container, "fulfillment", fulfillmentId, [
            "id",
            "location_id",
            "provider_id",
            "shipped_at",
            "created_at",
            "items.id",
            "items.title",
            "items.sku",
            "items.quantity",
            "items.line_item_id",
          ])
        : null
      return { order_id: orderId, fulfillment }
    }
    case "payment.captured":
      return event.id
        ? await one(container, "payment", event.id, [
            "id",
            "amount",
            "currency_code",
            "provider_id",
            "captured_at",
            "payment_collection_id",
          ])
        : null
    case "refund.created": {
      if (!event.id) return null
      const payment = await one(container, "payment", event.id, [
        "id",
        "amount",
        "currency_code",
        "provider_id",
        "payment_collection_id",
        "refunds.id",
        "refunds.amount",
        "refunds.note",
        "refunds.created_at",
      ])
      if (!payment) return null
      const refunds = (payment.refunds as Data[] | undefined) ?? []
      const latest = [...refunds].sort((a, b) =>
        String(b.created_at).localeCompare(String(a.created_at))
      )[0]
      const { refunds: _all, ...rest } = payment
      return { refund: latest ?? null, payment: rest }
    }
    case "product.created":
    case "product.updated":
      return event.id ? await one(container, "product", event.id, PRODUCT_FIELDS) : null
    case "product.deleted":
      return event.id ? { id: event.id } : null
    case "customer.created":
      return event.id
        ? await one(container, "customer", event.id, [
            "id",
            "email",
            "first_name",
            "last_name",
            "has_account",
            "created_at",
          ])
        : null
    case "customer.erased":
      return event.id ? { id: event.id } : null
    case "review.created":
    case "review.approved":
      return event.id
        ? await one(container, "review", event.id, [
            "id",
            "product_id",
            "customer_id",
            "rating",
            "title",
            "body",
            "status",
            "verified_purchase",
            "created_at",
          ])
        : null
    default:
      return plain(event)
  }
}

/**
 * For `reservation-item.created`: the low-stock payload when this reservation took the
 * location's available quantity from above the threshold to at or below it (one event per
 * crossing, not one per order while stock stays low).
 */
export async function lowStockPayload(
  container: MedusaContainer,
  reservationId: string,
  threshold: number
): Promise<Data | null> {
  const inventory = container.resolve(Modules.INVENTORY)
  const [reservation] = await inventory.listReservationItems({ id: reservationId })
  if (!reservation) return null
  const [level] = await inventory.listInventoryLevels({
    inventory_item_id: reservation.inventory_item_id,
    location_id: reservation.location_id,
  })
  if (!level) return null
  const available = Number(level.stocked_quantity) - Number(level.reserved_quantity)
  const before = available + Number(reservation.quantity)
  if (!(available <= threshold && before > threshold)) return null
  const item = await inventory.retrieveInventoryItem(reservation.inventory_item_id)
  return {
    inventory_item_id: reservation.inventory_item_id,
    sku: item.sku ?? null,
    location_id: reservation.location_id,
    stocked_quantity: Number(level.stocked_quantity),
    reserved_quantity: Number(level.reserved_quantity),
    available_quantity: available,
    threshold,
  }
}
