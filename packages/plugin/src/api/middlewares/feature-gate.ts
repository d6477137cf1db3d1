import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
  MiddlewareFunction,
  MiddlewareRoute,
} from "@medusajs/framework/http"
import { featureEnabled, type PluginFeature } from "../../lib/plugin-options"

type Handler = (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => unknown

/**
 * A feature's middlewares do nothing while the feature is switched off in the plugin's
 * options. Checked per request: the options are known only once the plugin's modules loaded,
 * after this file was read.
 */
export function whenEnabled(feature: PluginFeature, routes: MiddlewareRoute[]): MiddlewareRoute[] {
  return routes.map((route) =>
    route.middlewares
      ? { ...route, middlewares: route.middlewares.map((fn) => gate(feature, fn)) }
      : route
  )
}

function gate(feature: PluginFeature, fn: MiddlewareFunction): MiddlewareFunction {
  const handler = fn as Handler
  return (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) =>
    featureEnabled(feature) ? handler(req, res, next) : next()
}

/** The plugin's own routes of each feature: 404 while the feature is off. */
const FEATURE_ROUTES: Record<string, PluginFeature> = {
  "/store/products/:id/reviews*": "reviews",
  "/store/reviews*": "reviews",
  "/admin/reviews*": "reviews",
  "/store/sso*": "sso",
  "/store/customers/me/wishlist*": "wishlist",
  "/store/wishlists*": "wishlist",
  "/admin/customers/:id/wishlist": "wishlist",
  "/store/customers/me/verify-email*": "emailVerification",
  "/store/customers/me/verification": "emailVerification",
  "/admin/customers/:id/verification": "emailVerification",
  "/admin/audit-logs*": "audit",
  "/admin/webhooks*": "webhooks",
  "/store/customers/me/data-export": "dataRights",
  "/store/customers/me/erasure*": "dataRights",
  "/admin/customers/:id/data-export": "dataRights",
  "/admin/customers/:id/erasure": "dataRights",
  "/docs*": "docs",
  "/openapi.json": "docs",
  "/openapi.yaml": "docs",
  "/metrics": "observability",
  "/ready": "observability",
  "/graphql": "graphql",
}

function notFoundWhenOff(feature: PluginFeature): MiddlewareFunction {
  return (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    if (featureEnabled(feature)) return next()
    // req.path is relative to the matcher's mount point; the original URL names the route.
    const path = req.originalUrl.split("?")[0]
    res.status(404).json({ type: "not_found", message: `Cannot ${req.method} ${path}` })
  }
}

export const featureGateMiddlewares: MiddlewareRoute[] = Object.entries(FEATURE_ROUTES).map(
  ([matcher, feature]) => ({ matcher, middlewares: [notFoundWhenOff(feature)] })
)
