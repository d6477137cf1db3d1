import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { AdminListAuditLogsParamsType } from "./validators"
import { rbacActive } from "../../../lib/rbac/enforce"

type AuditRow = { actor_type?: string | null; metadata?: Record<string, unknown> | null }

/**
 * Each entry gets `actor_roles`: the names of the roles the request was authorized with
 * (recorded at the time), so a reader sees who acted in which capacity.
 */
async function withActorRoles(req: AuthenticatedMedusaRequest, rows: AuditRow[]) {
  const idsOf = (row: AuditRow) => {
    const roles = row.metadata?.roles
    return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === "string") : []
  }
  const ids = [...new Set(rows.flatMap(idsOf))]
  const names = new Map<string, string>()
  if (ids.length && rbacActive()) {
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "rbac_role",
      fields: ["id", "name"],
      filters: { id: ids },
    })
    for (const role of data as { id: string; name: string }[]) names.set(role.id, role.name)
  }
  return rows.map((row) => ({
    ...row,
    actor_roles: idsOf(row).map((id) => names.get(id) ?? id),
  }))
}

/** Lists audit entries, newest first, filtered by actor, action, method, status and time. */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminListAuditLogsParamsType>,
  res: MedusaResponse
) => {
  const { actor_id, action, kind, method, status, from, to, limit, offset } = req.validatedQuery
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
  res.json({
    audit_logs: await withActorRoles(req, data as AuditRow[]),
    count: metadata?.count ?? data.length,
    limit,
    offset,
  })
}
