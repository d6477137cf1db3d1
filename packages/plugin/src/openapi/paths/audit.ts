import { AdminListAuditLogsParams } from "../../api/admin/audit-logs/validators"
import { errors, json, listOf } from "../components"
import { OpenAPIRegistry, security, z, type PathModule } from "../registry"

// Columns of src/modules/audit/models/audit-log.ts, as listed by the route.
const AuditLog = z
  .object({
    id: z.string(),
    kind: z.enum(["admin", "auth"]),
    action: z.string(),
    actor_type: z.string().nullable(),
    actor_id: z.string().nullable(),
    method: z.string().nullable(),
    route: z.string().nullable(),
    target_id: z.string().nullable(),
    status: z.number().int().nullable(),
    ip: z.string().nullable(),
    occurred_at: z.string(),
    metadata: z.record(z.string(), z.unknown()).nullable(),
    actor_roles: z
      .array(z.string())
      .openapi({ description: "Names of the RBAC roles the request was authorized with" }),
  })
  .openapi("AuditLog", {
    description: "An admin mutation or authentication event. Never holds bodies or secrets.",
  })

function register(registry: OpenAPIRegistry) {
  registry.registerPath({
    method: "get",
    path: "/admin/audit-logs",
    tags: ["Audit log"],
    summary: "Audit entries, newest first",
    security: security.admin,
    request: { query: AdminListAuditLogsParams },
    responses: {
      "200": json("Audit entries", listOf("audit_logs", AuditLog)),
      ...errors(400, 401, 403),
    },
  })
}

export const auditPaths: PathModule = {
  tag: "Audit log",
  description: "Admin mutations and authentication events, filterable by actor, action and time.",
  register,
}
