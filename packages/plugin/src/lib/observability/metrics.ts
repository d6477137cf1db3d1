import client from "prom-client"

/**
 * One process-wide Prometheus registry. It lives on globalThis because Medusa
 * (and jest) may load this file more than once; metrics registered twice
 * would throw.
 */
type Metrics = ReturnType<typeof createMetrics>

const KEY = Symbol.for("commerce-api.observability.metrics")

function createMetrics() {
  const registry = new client.Registry()
  client.collectDefaultMetrics({ register: registry })

  const httpRequestDuration = new client.Histogram({
    name: "commerce_http_request_duration_seconds",
    help: "HTTP request duration by method, route template and status class",
    labelNames: ["method", "route", "status_class"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  })
  const httpRequestsInFlight = new client.Gauge({
    name: "commerce_http_requests_in_flight",
    help: "HTTP requests currently being served",
    registers: [registry],
  })
  const workflowExecutions = new client.Counter({
    name: "commerce_workflow_executions_total",
    help: "Finished workflow executions by workflow name and result (succeeded, failed, reverted)",
    labelNames: ["workflow", "result"] as const,
    registers: [registry],
  })
  const workflowFailures = new client.Counter({
    name: "commerce_workflow_failures_total",
    help: "Workflow executions that did not succeed (failed or reverted) by workflow name",
    labelNames: ["workflow"] as const,
    registers: [registry],
  })
  const paymentOutcomes = new client.Counter({
    name: "commerce_payment_outcomes_total",
    help: "Payment outcomes by provider and result (authorized, authorization_failed, captured, refunded)",
    labelNames: ["provider", "result"] as const,
    registers: [registry],
  })
  const rateLimitRejections = new client.Counter({
    name: "commerce_rate_limit_rejections_total",
    help: "Requests rejected by a rate limiter, by limiter name",
    labelNames: ["limiter"] as const,
    registers: [registry],
  })
  const cacheLookups = new client.Counter({
    name: "commerce_cache_lookups_total",
    help: "Response cache lookups by result (hit, miss)",
    labelNames: ["result"] as const,
    registers: [registry],
  })
  const dependencyUp = new client.Gauge({
    name: "commerce_dependency_up",
    help: "1 when a readiness dependency (database, migrations, redis) was healthy at the last check",
    labelNames: ["dependency"] as const,
    registers: [registry],
  })
  const webhookDeliveries = new client.Counter({
    name: "commerce_webhook_deliveries_total",
    help: "Webhook delivery attempts by result (succeeded, retrying, failed)",
    labelNames: ["result"] as const,
    registers: [registry],
  })
  const webhookQueueDepth = new client.Gauge({
    name: "commerce_webhook_queue_depth",
    help: "Webhook deliveries waiting to be delivered (as of the worker's last poll)",
    registers: [registry],
  })
  const webhookOldestPendingAge = new client.Gauge({
    name: "commerce_webhook_oldest_pending_age_seconds",
    help: "Age of the oldest undelivered webhook event (as of the worker's last poll)",
    registers: [registry],
  })
  return {
    registry,
    webhookDeliveries,
    webhookQueueDepth,
    webhookOldestPendingAge,
    httpRequestDuration,
    httpRequestsInFlight,
    workflowExecutions,
    workflowFailures,
    paymentOutcomes,
    rateLimitRejections,
    cacheLookups,
    dependencyUp,
  }
}

export function metrics(): Metrics {
  const store = globalThis as unknown as Record<symbol, Metrics | undefined>
  if (!store[KEY]) store[KEY] = createMetrics()
  return store[KEY]
}

/** Increment with `rateLimitRejections.inc({ limiter: "store" })`. */
export const rateLimitRejections = metrics().rateLimitRejections
/** Increment with `cacheLookups.inc({ result: "hit" })` or `{ result: "miss" }`. */
export const cacheLookups = metrics().cacheLookups
export const paymentOutcomes = metrics().paymentOutcomes

/** Every metric family name this process exports (used to check the ops kit). */
export async function exportedMetricNames(): Promise<string[]> {
  const families = await metrics().registry.getMetricsAsJSON()
  return families.map((f) => f.name)
}
