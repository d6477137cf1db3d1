import { registerOtel } from "@medusajs/medusa"
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http"
import { BatchSpanProcessor } from "@medusajs/framework/opentelemetry/sdk-trace-node"
import { isSecretKey, redactValue } from "./redact"

type SpanLike = { attributes: Record<string, unknown> }
type ExportResult = { code: number; error?: Error }
type SpanExporter = {
  export: (spans: SpanLike[], done: (result: ExportResult) => void) => void
  shutdown: () => Promise<void>
  forceFlush?: () => Promise<void>
}

/**
 * Medusa's HTTP span copies every request header into its attributes, which
 * would ship bearer tokens and cookies to the tracing backend. This exporter
 * drops secret-looking attributes and scrubs e-mails/card numbers from values
 * before handing the spans on.
 */
export class RedactingExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}

  export(spans: SpanLike[], done: (result: ExportResult) => void) {
    for (const span of spans) {
      const attributes = span.attributes
      for (const key of Object.keys(attributes)) {
        if (isSecretKey(key)) delete attributes[key]
        else if (typeof attributes[key] === "string") attributes[key] = redactValue(attributes[key])
      }
    }
    this.inner.export(spans, done)
  }

  shutdown() {
    return this.inner.shutdown()
  }

  forceFlush() {
    return this.inner.forceFlush?.() ?? Promise.resolve()
  }
}

let sdk: { shutdown: () => Promise<void> } | undefined
let processor: { forceFlush: () => Promise<void> } | undefined

/**
 * Starts OpenTelemetry through Medusa's `registerOtel` when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set: HTTP, workflow, query and database spans
 * sent to `<endpoint>/v1/traces` as OTLP/HTTP JSON. Returns false when off.
 */
export function registerTracing(env: Record<string, string | undefined> = process.env): boolean {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT
  if (!endpoint || sdk) return Boolean(sdk)
  const url = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || `${endpoint.replace(/\/+$/, "")}/v1/traces`
  const exporter = new RedactingExporter(new OTLPTraceExporter({ url }) as unknown as SpanExporter)
  const batch = new BatchSpanProcessor(exporter as any, {
    scheduledDelayMillis: Number(env.OTEL_BSP_SCHEDULE_DELAY || 1000),
  })
  processor = batch
  sdk = registerOtel({
    serviceName: env.OTEL_SERVICE_NAME || "commerce-api",
    exporter: exporter as any,
    spanProcessors: [batch],
    instrument: { http: true, workflows: true, query: true, db: true },
  } as any)
  return true
}

/** Sends buffered spans now (tests, shutdown). */
export async function flushTracing(): Promise<void> {
  await processor?.forceFlush()
}

export async function shutdownTracing(): Promise<void> {
  await sdk?.shutdown()
  sdk = undefined
  processor = undefined
}
