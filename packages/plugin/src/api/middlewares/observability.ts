import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
  MiddlewareRoute,
} from "@medusajs/framework/http"
import { trace } from "@medusajs/framework/opentelemetry/api"
import { installFeatureMetrics } from "../../lib/observability/feature-metrics"
import { installLogFormat } from "../../lib/observability/logging"
import { metrics } from "../../lib/observability/metrics"
import {
  REQUEST_ID_HEADER,
  requestContext,
  resolveRequestId,
} from "../../lib/observability/request-context"
import { methodLabel, routeLabel, statusClass } from "../../lib/observability/route-label"
import { installWorkflowMetrics } from "../../lib/observability/workflow-metrics"

// Installed when the API loads, before the first request: every log line goes
// through redaction and carries the request id; workflow runs are counted.
installLogFormat()
installWorkflowMetrics()
installFeatureMetrics()

/**
 * Gives every request an id (a caller's valid `x-request-id` or a new one),
 * returns it, runs the rest of the request inside its log context, and
 * records duration by route template and status class.
 */
export function observeRequest(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const requestId = resolveRequestId(req.headers[REQUEST_ID_HEADER])
  ;(req as any).requestId = requestId
  res.setHeader(REQUEST_ID_HEADER, requestId)
  trace.getActiveSpan()?.setAttribute("http.request_id", requestId)

  const m = metrics()
  const started = process.hrtime.bigint()
  m.httpRequestsInFlight.inc()
  let done = false
  const finish = () => {
    if (done) return
    done = true
    m.httpRequestsInFlight.dec()
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    m.httpRequestDuration.observe(
      {
        method: methodLabel(req.method),
        route: routeLabel(req),
        // A client that hung up before the response gets its own class.
        status_class: res.writableFinished ? statusClass(res.statusCode) : "aborted",
      },
      seconds
    )
  }
  res.once("finish", finish)
  res.once("close", finish)
  requestContext.run({ requestId }, () => next())
}

export const observabilityMiddlewares: MiddlewareRoute[] = [
  { matcher: "*", middlewares: [observeRequest] },
]
