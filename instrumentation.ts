import { installShutdownGuard } from "@commerce-api/plugin/lib/observability/shutdown"
import { flushTracing, registerTracing } from "@commerce-api/plugin/lib/observability/tracing"

/**
 * Loaded by `medusa start` / `medusa develop` before the app boots.
 * Tracing is on when OTEL_EXPORTER_OTLP_ENDPOINT is set; the shutdown guard
 * (bounded drain, /ready 503 while draining) is always installed.
 */
export function register() {
  installShutdownGuard()
  if (registerTracing()) {
    // Medusa exits the process right after draining; keep flushing batched
    // spans meanwhile so the last requests' traces are not lost.
    const flushWhileDraining = () => setInterval(() => void flushTracing(), 200).unref()
    process.once("SIGTERM", flushWhileDraining)
    process.once("SIGINT", flushWhileDraining)
  }
}
