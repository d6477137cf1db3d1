import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { AdminListAuditLogsParamsType } from "../../middlewares/audit"

/** Lists audit entries, newest first, filtered by actor, action, method, status and time. */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminListAuditLogsParamsType>,
  res: MedusaResponse
) => {
  const { actor_id, action, kind, method, status, from, to, limit, offset } =
    req.validatedQuery as AdminListAuditLogsParamsType
  const filters: Record<string, unknown> = {}
  if (actor_id) filters.actor_id = actor_id
  if (action) filters.action = action
  if (kind) filters.kind = kind
  if (method) filters.method = method
  if (status) filters.status = status
  if (from || to) {
    filters.occurred_at = { ...(from ? { $gte: from } : {}), ...(to ? { $lte: to } : {}) }
  }
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data, metadata } = await query.graph({
    entity: "audit_log",
    fields: [
      "id",
      "kind",
      "action",
      "actor_type",
      "actor_id",
      "method",
      "route",
      "target_id",
      "status",
      "ip",
      "occurred_at",
      "metadata",
    ],
    filters,
    pagination: { skip: offset, take: limit, order: { occurred_at: "DESC" } },
  })
  res.json({ audit_logs: data, count: metadata?.count ?? data.length, limit, offset })
}
