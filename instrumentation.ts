import { installShutdownGuard } from "./src/lib/observability/shutdown"
import { registerTracing } from "./src/lib/observability/tracing"

/**
 * Loaded by `medusa start` / `medusa develop` before the app boots.
 * Tracing is on when OTEL_EXPORTER_OTLP_ENDPOINT is set; the shutdown guard is
 * always installed.
 */
export function register() {
  installShutdownGuard()
  registerTracing()
}
