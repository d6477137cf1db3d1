import { model } from "@medusajs/framework/utils"

/** Verification state of one customer's e-mail; only a hash of the token is stored. */
export const EmailVerification = model.define("email_verification", {
  id: model.id({ prefix: "emver" }).primaryKey(),
  customer_id: model.text().unique(),
  email: model.text(),
  token_hash: model.text().nullable(),
  token_expires_at: model.dateTime().nullable(),
  verified_at: model.dateTime().nullable(),
})
