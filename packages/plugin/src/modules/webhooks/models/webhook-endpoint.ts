import { model } from "@medusajs/framework/utils"

/** A merchant's receiver: where to POST which events, signed with its secret. */
const WebhookEndpoint = model
  .define("webhook_endpoint", {
    id: model.id({ prefix: "whep" }).primaryKey(),
    url: model.text(),
    description: model.text().nullable(),
    /** Event types delivered to this endpoint (see lib/webhooks/events.ts). */
    events: model.array(),
    enabled: model.boolean().default(true),
    /** `whsec_…`; signs every delivery. Never returned by the API after creation/rotation. */
    secret: model.text(),
    /** The secret before the last rotation: also signs until previous_secret_expires_at. */
    previous_secret: model.text().nullable(),
    previous_secret_expires_at: model.dateTime().nullable(),
    /** Extra request headers (names checked against the allowlist). */
    headers: model.json().nullable(),
    consecutive_failures: model.number().default(0),
    disabled_reason: model.text().nullable(),
    disabled_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["enabled"], where: "deleted_at IS NULL" }])

export default WebhookEndpoint
