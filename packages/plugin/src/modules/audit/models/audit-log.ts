import { model } from "@medusajs/framework/utils"

/**
 * One audited event: an admin mutation (kind "admin") or an authentication
 * event (kind "auth"). Never holds request bodies, passwords or tokens.
 */
export const AuditLog = model
  .define("audit_log", {
    id: model.id({ prefix: "audit" }).primaryKey(),
    kind: model.enum(["admin", "auth"]),
    action: model.text(),
    actor_type: model.text().nullable(),
    actor_id: model.text().nullable(),
    method: model.text().nullable(),
    route: model.text().nullable(),
    target_id: model.text().nullable(),
    status: model.number().nullable(),
    ip: model.text().nullable(),
    occurred_at: model.dateTime(),
    metadata: model.json().nullable(),
  })
  .indexes([{ on: ["occurred_at"] }, { on: ["actor_id"] }, { on: ["action"] }])
