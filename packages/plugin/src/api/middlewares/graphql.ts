import {
  authenticate,
  type MedusaNextFunction,
  type MedusaRequest,
  type MedusaResponse,
  type MiddlewareRoute,
} from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError, parseCorsOrigins } from "@medusajs/framework/utils"
import cors from "cors"
import { medusaPublishableKeyMiddleware } from "../../lib/internals/publishable-key"
import { graphqlEarlyHit } from "../../lib/graphql/cache"
import { readSecurityLimits } from "../../lib/security/limits"
import { featureEnabled } from "../../lib/plugin-options"
import { storeRateLimit } from "./security-auth"

/**
 * /graphql gets what Medusa gives /store: STORE_CORS, the publishable key (Medusa's own
 * middleware), the customer's bearer token or session, the store rate limit and body
 * size. The catalog and ownership rules are applied inside the resolvers, by the same
 * code REST runs.
 */

let corsFn: ReturnType<typeof cors> | undefined

function storeCors(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  if (!corsFn) {
    const config = req.scope.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
    corsFn = cors({
      origin: parseCorsOrigins(config.projectConfig.http.storeCors),
      credentials: true,
      preflightContinue: false,
    })
  }
  corsFn(req, res, next)
}

const publishableKey = medusaPublishableKeyMiddleware()

/**
 * Cookie sessions make a cross-site form post a CSRF risk: POST must be JSON, which
 * a browser sends cross-origin only after a CORS preflight. GET runs queries only.
 */
function jsonPostsOnly(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  if (req.method !== "POST") return next()
  const type = String(req.headers["content-type"] || "").toLowerCase()
  if (/^application\/(graphql-response\+)?json\b/.test(type)) return next()
  next(
    new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "POST /graphql needs Content-Type: application/json"
    )
  )
}

/** Catalog-cache hits that need no key lookup or auth (lib/graphql/cache.ts, decision 0220). */
function earlyCacheHit(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  if (!graphqlEarlyHit(req, res)) next()
}

const onlyWhenOn =
  (fn: (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => unknown) =>
  (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) =>
    featureEnabled("graphql") ? fn(req, res, next) : next()

export const graphqlMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/graphql",
    bodyParser: { sizeLimit: readSecurityLimits().bodySizeLimit },
    middlewares: [
      onlyWhenOn(storeCors),
      onlyWhenOn(jsonPostsOnly),
      onlyWhenOn(earlyCacheHit),
      onlyWhenOn(publishableKey),
      onlyWhenOn(authenticate("customer", ["bearer", "session"], { allowUnauthenticated: true })),
    ],
  },
]

/** The /store rate limit, when the security feature is on (registered under it). */
export const graphqlSecurityMiddlewares: MiddlewareRoute[] = [
  { matcher: "/graphql", middlewares: [onlyWhenOn(storeRateLimit)] },
]
