/**
 * The events an endpoint can subscribe to, and the Medusa events they come from. Payloads
 * are documented in docs/webhooks.md; `schema_version` changes only with a breaking change.
 */
export const WEBHOOK_SCHEMA_VERSION = 1

export const WEBHOOK_EVENT_TYPES = [
  "order.placed",
  "order.canceled",
  "order.fulfillment_created",
  "payment.captured",
  "refund.created",
  "product.created",
  "product.updated",
  "product.deleted",
  "inventory.low_stock",
  "customer.created",
  "customer.erased",
  "review.created",
  "review.approved",
  "endpoint.disabled",
] as const

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]

/** Sent by "send test event" to one endpoint only; not subscribable. */
export const TEST_EVENT_TYPE = "webhook.test"

/** Medusa event name → webhook event type (the low-stock check has its own subscriber). */
export const MEDUSA_EVENT_TO_WEBHOOK: Record<string, WebhookEventType> = {
  "order.placed": "order.placed",
  "order.canceled": "order.canceled",
  "order.fulfillment_created": "order.fulfillment_created",
  "payment.captured": "payment.captured",
  // Medusa 2.21 emits payment.refunded once a refund was recorded on the payment.
  "payment.refunded": "refund.created",
  "product.created": "product.created",
  "product.updated": "product.updated",
  "product.deleted": "product.deleted",
  "customer.created": "customer.created",
  "customer.erased": "customer.erased",
  "review.created": "review.created",
  "review.approved": "review.approved",
}

export type WebhookEnvelope = {
  id: string
  type: string
  schema_version: number
  created_at: string
  data: Record<string, unknown>
}
