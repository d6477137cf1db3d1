import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { checkReadiness } from "../../lib/observability/readiness"
import { isShuttingDown } from "../../lib/observability/shutdown"

/**
 * Readiness: 200 {status:"ok"} when the database answers, migrations are
 * applied and Redis (when configured) answers; otherwise 503 naming the failing
 * dependency. Redis alone failing is "degraded": reads still work.
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  res.setHeader("Cache-Control", "no-store")
  if (isShuttingDown()) {
    res.status(503).json({ status: "shutting_down", checks: {}, failing: ["shutdown"] })
    return
  }
  const result = await checkReadiness(req.scope)
  const failing = Object.entries(result.checks)
    .filter(([, c]) => c.status === "fail")
    .map(([name]) => name)
  if (!failing.length) {
    res.status(200).json({ status: "ok", checks: result.checks })
    return
  }
  const status = failing.every((name) => name === "redis") ? "degraded" : "unavailable"
  res.status(503).json({ status, failing, checks: result.checks })
}
