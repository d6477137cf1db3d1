import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
  MiddlewareRoute,
} from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import type { Request, Response } from "express"
import fs from "fs"
import path from "path"
import { createSecurityHeaders, earlySecurityHeaders } from "../../lib/security/headers"
import {
  checkFields,
  checkLimit,
  checkAddressFields,
  checkMetadata,
  checkPaging,
  checkQuantities,
  containsNul,
  findServerOwnedFields,
  readSecurityLimits,
} from "../../lib/security/limits"
import { readRequestTargetLimits, requestTargetGuard } from "../../lib/security/request-target"
import { readSettings } from "../../lib/settings"
import { observeRequest } from "./observability"

const settings = readSettings(process.env)
const limits = readSecurityLimits(process.env)
const securityHeaders = createSecurityHeaders({ production: settings.isProduction })

const invalid = (message: string) => new MedusaError(MedusaError.Types.INVALID_DATA, message)

/** `/store` list/detail queries: cap `limit` and the relations `fields` expands (API4). */
function storeQueryLimits(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  const query = req.query as Record<string, unknown>
  const problem =
    checkPaging(query) ??
    checkLimit(query.limit, limits.maxLimit) ??
    checkFields(query.fields, limits.maxFieldsRelations)
  next(problem ? invalid(problem) : undefined)
}

/**
 * Any route: malformed, non-UTF-8 or oversized paths and query strings are
 * refused before anything decodes them (see lib/security/request-target.ts);
 * refusals still get a request id, metrics and the security headers.
 */
const requestTarget = requestTargetGuard({
  limits: readRequestTargetLimits(process.env),
  // At the front of Express's stack the request is still Node's own; both only use its Node fields.
  decorate: [
    (req, res, next) =>
      observeRequest(req as unknown as MedusaRequest, res as unknown as MedusaResponse, next),
    (req, res, next) =>
      securityHeaders(req as unknown as Request, res as unknown as Response, next),
  ],
})

/** Any route: NUL characters in the query or body are refused (fuzz finding; the path is checked by requestTarget). */
function rejectNul(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  if (containsNul(req.query) || containsNul(req.body)) {
    return next(invalid("Text values must not contain NUL characters"))
  }
  next()
}

/** `/store` writes: no server-owned fields, bounded quantities and metadata (API3/API4). */
function storeBodyRules(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  const owned = findServerOwnedFields(req.body)
  if (owned.length) {
    return next(
      invalid(`These fields are set by the server and cannot be sent: ${owned.join(", ")}`)
    )
  }
  const problem =
    checkQuantities(req.body, limits.maxLineItemQuantity) ??
    checkMetadata(req.body, limits.maxMetadataBytes)
  next(problem ? invalid(problem) : undefined)
}

/** A customer's saved address: bounded text fields (GraphQL's address mutations check the same). */
function customerAddressRules(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  const problem = checkAddressFields(req.body, limits.maxAddressFieldLength)
  next(problem ? invalid(problem) : undefined)
}

/**
 * Our own admin routes (not Medusa's, whose dashboard sends limit=9999) get the
 * same `limit` cap. They are found from the route files shipped next to this one.
 */
export function projectAdminRouteMatchers(apiDir = path.join(__dirname, "..")): RegExp[] {
  const root = path.join(apiDir, "admin")
  const matchers: RegExp[] = []
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (/^route\.(ts|js)$/.test(entry.name)) {
        const rel = path.relative(root, dir).split(path.sep).filter(Boolean)
        const pattern = rel
          .map((s) => (/^\[.+\]$/.test(s) ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
          .join("/")
        matchers.push(new RegExp(`^/admin${pattern ? `/${pattern}` : ""}/?$`))
      }
    }
  }
  walk(root)
  return matchers
}

const ownAdminRoutes = projectAdminRouteMatchers()

function ownAdminQueryLimits(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const url = (req.originalUrl || req.url).split("?")[0]
  if (!ownAdminRoutes.some((re) => re.test(url))) return next()
  return storeQueryLimits(req, res, next)
}

export const securityMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/*",
    middlewares: [earlySecurityHeaders(securityHeaders), requestTarget, rejectNul],
  },
  // Express answers 413 above this size; Medusa's own per-route configs
  // (e.g. webhooks keeping the raw body) are more specific and still win.
  { matcher: "/store/*", bodyParser: { sizeLimit: limits.bodySizeLimit } },
  { matcher: "/auth/*", bodyParser: { sizeLimit: limits.bodySizeLimit } },
  { matcher: "/store/*", methods: ["GET"], middlewares: [storeQueryLimits] },
  {
    matcher: "/store/*",
    methods: ["POST", "PUT", "PATCH", "DELETE"],
    middlewares: [storeQueryLimits, storeBodyRules],
  },
  {
    matcher: "/store/customers/me/addresses*",
    methods: ["POST"],
    middlewares: [customerAddressRules],
  },
  { matcher: "/admin/*", methods: ["GET"], middlewares: [ownAdminQueryLimits] },
]
