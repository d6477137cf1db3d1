import type {
  AuthenticatedMedusaRequest,
  MedusaNextFunction,
  MedusaResponse,
  MiddlewareRoute,
} from "@medusajs/framework/http"
import { validateAndTransformQuery } from "@medusajs/framework/http"
import { AdminListAuditLogsParams } from "../admin/audit-logs/validators"
import { recordAudit } from "../../lib/audit"
import { clientIp } from "../../lib/rate-limit"

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"])
// Medusa ids are "<prefix>_<ULID>".
const ID_SEGMENT = /^[a-z][a-z0-9]*_[0-9A-HJKMNP-TV-Z]{26}$/i

/** The most specific id in the path: /admin/products/prod_1/variants/variant_2 → variant_2. */
export function targetIdOf(path: string): string | null {
  const ids = path
    .split("?")[0]
    .split("/")
    .filter((s) => ID_SEGMENT.test(s))
  return ids.length ? ids[ids.length - 1] : null
}

/** Records every admin mutation once its response is sent (never the body). */
function auditAdminMutations(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  if (READ_METHODS.has(req.method)) return next()
  const path = req.originalUrl.split("?")[0]
  res.on("finish", () => {
    const auth = req.auth_context
    void recordAudit(req.scope, {
      kind: "admin",
      action: `${req.method} ${(req.route?.path as string | undefined) ?? path}`,
      actor_type: auth?.actor_type ?? null,
      actor_id: auth?.actor_id || null,
      method: req.method,
      route: path.slice(0, 500),
      target_id: targetIdOf(path),
      status: res.statusCode,
      ip: clientIp(req),
      // The roles Medusa authorized this request with (RBAC on), shown on the entry.
      metadata: auth?.app_metadata?.roles ? { roles: auth.app_metadata.roles } : null,
    })
  })
  next()
}

export const auditMiddlewares: MiddlewareRoute[] = [
  { matcher: "/admin/*", middlewares: [auditAdminMutations] },
  {
    methods: ["GET"],
    matcher: "/admin/audit-logs",
    middlewares: [validateAndTransformQuery(AdminListAuditLogsParams, {})],
  },
]
