import type {
  AuthenticatedMedusaRequest,
  MedusaNextFunction,
  MedusaResponse,
  MiddlewareRoute,
} from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { recordAudit } from "../../lib/audit"
import { clientIp } from "../../lib/rate-limit"
import { refundLimit, rbacActive, rolesAllow, userRoleIds } from "../../lib/rbac/enforce"
import { permissionKey, REFUND_ABOVE_LIMIT, requiredPolicies } from "../../lib/rbac/policies"

const REFUND_PATH = /^\/admin\/payments\/([^/]+)\/refund\/?$/
const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"])

function deny(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse,
  message: string,
  details: Record<string, unknown>
) {
  const path = req.originalUrl.split("?")[0]
  res.locals.rbacDenied = true
  void recordAudit(req.scope, {
    kind: "admin",
    action: `rbac.denied ${req.method} ${path}`.slice(0, 500),
    actor_type: req.auth_context?.actor_type ?? null,
    actor_id: req.auth_context?.actor_id || null,
    method: req.method,
    route: path.slice(0, 500),
    status: 403,
    ip: clientIp(req),
    metadata: details,
  })
  res.status(403).json({ type: "not_allowed", message })
}

/** How much this refund request would pay out: the body's amount, else what is left to refund. */
async function refundAmount(req: AuthenticatedMedusaRequest, paymentId: string) {
  const body = (req.body ?? {}) as { amount?: unknown }
  if (typeof body.amount === "number") return body.amount
  if (body.amount !== undefined) return null // Medusa's validator answers 400
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "payment",
    fields: ["id", "amount", "refunds.amount"],
    filters: { id: paymentId },
  })
  const payment = data[0] as { amount?: unknown; refunds?: ({ amount?: unknown } | null)[] }
  if (!payment) return null // Medusa answers 404
  const refunded = (payment.refunds ?? []).reduce((sum, r) => sum + Number(r?.amount ?? 0), 0)
  return Number(payment.amount ?? 0) - refunded
}

/**
 * The plugin's one RBAC middleware: it enforces the policy table (lib/rbac/policies.ts) on
 * our routes and on the core routes whose own check has a gap, applies the refund limit,
 * and audit-logs every 403 an admin read gets (writes are logged by the audit middleware).
 * Inert while Medusa's RBAC flag or the plugin's rbac feature is off: admins keep full access.
 */
async function enforceRbac(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  if (!rbacActive()) return next()
  const auth = req.auth_context
  if (!auth?.actor_id || auth.actor_type !== "user") return next() // the auth layer answers
  const path = req.originalUrl.split("?")[0]

  if (READ_METHODS.has(req.method)) {
    res.on("finish", () => {
      if (res.statusCode !== 403 || res.locals.rbacDenied) return
      void recordAudit(req.scope, {
        kind: "admin",
        action: `rbac.denied ${req.method} ${path}`.slice(0, 500),
        actor_type: auth.actor_type,
        actor_id: auth.actor_id,
        method: req.method,
        route: path.slice(0, 500),
        status: 403,
        ip: clientIp(req),
        metadata: { by: "medusa", roles: auth.app_metadata?.roles ?? [] },
      })
    })
  }

  const required = requiredPolicies(req.method, path)
  const refund = req.method === "POST" ? REFUND_PATH.exec(path) : null
  if (!required.length && !refund) return next()

  const roles = await userRoleIds(req.scope, auth.actor_id)
  if (!(await rolesAllow(req.scope, roles, required))) {
    const keys = required.map(permissionKey)
    return deny(req, res, `This action needs the permission ${keys.join(", ")}.`, {
      required: keys,
      roles,
    })
  }
  if (refund && !(await rolesAllow(req.scope, roles, [REFUND_ABOVE_LIMIT]))) {
    const amount = await refundAmount(req, refund[1])
    const limit = refundLimit()
    if (amount !== null && amount > limit) {
      return deny(
        req,
        res,
        `Refunds above ${limit} need the permission ${permissionKey(REFUND_ABOVE_LIMIT)}.`,
        { required: [permissionKey(REFUND_ABOVE_LIMIT)], roles, amount, limit }
      )
    }
  }
  return next()
}

export const rbacMiddlewares: MiddlewareRoute[] = [
  { matcher: "/admin/*", middlewares: [enforceRbac] },
]
