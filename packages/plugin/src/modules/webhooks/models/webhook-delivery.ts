import { model } from "@medusajs/framework/utils"

export const DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

/**
 * One message for one endpoint. `pending` rows are claimed by the worker with a lease
 * (`locked_until`); a worker killed mid-delivery leaves the lease to expire and the row
 * is delivered again. `seq` orders deliveries per endpoint.
 */
const WebhookDelivery = model
  .define("webhook_delivery", {
    id: model.id({ prefix: "whdl" }).primaryKey(),
    seq: model.autoincrement(),
    endpoint_id: model.text(),
    message_id: model.text(),
    event_type: model.text(),
    status: model.enum([...DELIVERY_STATUSES]).default("pending"),
    attempts: model.number().default(0),
    next_attempt_at: model.dateTime(),
    locked_until: model.dateTime().nullable(),
    last_status_code: model.number().nullable(),
    last_error: model.text().nullable(),
    delivered_at: model.dateTime().nullable(),
  })
  .indexes([
    // The claim query: the oldest pending delivery of each endpoint.
    { on: ["endpoint_id", "seq"], where: "status = 'pending' AND deleted_at IS NULL" },
    { on: ["endpoint_id", "created_at"] },
    { on: ["message_id"] },
  ])

export default WebhookDelivery
