import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { checkReadiness } from "../../lib/observability/readiness"
import { metrics } from "../../lib/observability/metrics"
import { bearerMatches, metricsAccess } from "../../lib/observability/metrics-access"

export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const access = metricsAccess()
  if (access === "disabled") {
    res.status(404).json({ type: "not_found", message: "Metrics are disabled: set METRICS_TOKEN" })
    return
  }
  if (access === "token" && !bearerMatches(req.headers.authorization, process.env.METRICS_TOKEN!)) {
    res.setHeader("WWW-Authenticate", 'Bearer realm="metrics"')
    res
      .status(401)
      .json({ type: "unauthorized", message: "A valid metrics bearer token is required" })
    return
  }
  // Refresh the dependency gauges so alerts see readiness without a probe.
  await checkReadiness(req.scope).catch(() => undefined)
  const { registry } = metrics()
  res.setHeader("Content-Type", registry.contentType)
  res.setHeader("Cache-Control", "no-store")
  res.send(await registry.metrics())
}
