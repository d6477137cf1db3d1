import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { featureEnabled } from "../plugin-options"

type Handler = (req: MedusaRequest, res: MedusaResponse) => Promise<void>

/**
 * A plugin route file at a core store path replaces that method's core handler (Medusa's
 * routes loader keeps the last one registered per path and method); the core middlewares of
 * the path (body and query validation, `req.queryConfig`) still run first. While the
 * `leanCheckout` feature is off, the core handler runs exactly as it would without us.
 */
export function leanOrCore(lean: Handler, core: Handler): Handler {
  return (req, res) => (featureEnabled("leanCheckout") ? lean(req, res) : core(req, res))
}
