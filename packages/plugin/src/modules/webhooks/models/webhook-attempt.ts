import { model } from "@medusajs/framework/utils"

/** One HTTP request of a delivery: the delivery log the admin shows. */
const WebhookAttempt = model
  .define("webhook_attempt", {
    id: model.id({ prefix: "what" }).primaryKey(),
    delivery_id: model.text(),
    endpoint_id: model.text(),
    message_id: model.text(),
    attempt: model.number(),
    succeeded: model.boolean(),
    status_code: model.number().nullable(),
    duration_ms: model.number(),
    error: model.text().nullable(),
    /** The receiver's answer, truncated (WEBHOOKS_RESPONSE_BODY_LIMIT, default 2 KiB). */
    response_body: model.text().nullable(),
  })
  .indexes([{ on: ["delivery_id", "attempt"] }, { on: ["created_at"] }])

export default WebhookAttempt
