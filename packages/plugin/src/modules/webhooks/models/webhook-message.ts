import { model } from "@medusajs/framework/utils"

/**
 * The outbox: one row per event, written by the subscribers. Its id is the `webhook-id`
 * header of every delivery and retry of the event, so receivers can deduplicate.
 */
const WebhookMessage = model
  .define("webhook_message", {
    id: model.id({ prefix: "msg" }).primaryKey(),
    event_type: model.text(),
    /** The JSON body sent, exactly: `{ id, type, schema_version, created_at, data }`. */
    payload: model.json(),
  })
  .indexes([{ on: ["event_type", "created_at"] }])

export default WebhookMessage
