import { model } from "@medusajs/framework/utils"

export const ERASURE_STATUSES = [
  "awaiting_confirmation",
  "scheduled",
  "completed",
  "cancelled",
] as const
export type ErasureStatus = (typeof ERASURE_STATUSES)[number]

/**
 * One request to erase a customer. Holds no personal data: the customer id is the
 * pseudonym the anonymised records keep, and only a hash of the confirmation token.
 */
export const ErasureRequest = model
  .define("erasure_request", {
    id: model.id({ prefix: "erasreq" }).primaryKey(),
    customer_id: model.text(),
    status: model.enum([...ERASURE_STATUSES]).default("awaiting_confirmation"),
    /** "customer" (self-service), "admin" or "retention". */
    requested_by: model.text(),
    actor_id: model.text().nullable(),
    token_hash: model.text().nullable(),
    token_expires_at: model.dateTime().nullable(),
    execute_after: model.dateTime().nullable(),
    completed_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["customer_id"] }, { on: ["status", "execute_after"] }])
