import http from "node:http"
import type { AddressInfo } from "node:net"

export type ReceivedSpan = {
  name: string
  traceId: string
  spanId: string
  parentSpanId?: string
  attributes: Record<string, unknown>
  scope: string
}

function attributeValue(v: any): unknown {
  if (!v) return undefined
  return (
    v.stringValue ?? v.intValue ?? v.doubleValue ?? v.boolValue ?? v.arrayValue ?? v.kvlistValue
  )
}

/**
 * A minimal OTLP/HTTP trace receiver: accepts POST /v1/traces with the JSON
 * encoding (what @opentelemetry/exporter-trace-otlp-http sends) and keeps the
 * spans in memory.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = []
  readonly contentTypes: string[] = []
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (c) => chunks.push(c))
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/traces") {
        res.writeHead(404).end()
        return
      }
      this.contentTypes.push(String(req.headers["content-type"]))
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8"))
        for (const rs of body.resourceSpans ?? []) {
          for (const ss of rs.scopeSpans ?? []) {
            for (const s of ss.spans ?? []) {
              const attributes: Record<string, unknown> = {}
              for (const a of s.attributes ?? []) attributes[a.key] = attributeValue(a.value)
              this.spans.push({
                name: s.name,
                traceId: s.traceId,
                spanId: s.spanId,
                parentSpanId: s.parentSpanId || undefined,
                attributes,
                scope: ss.scope?.name ?? "",
              })
            }
          }
        }
        res.writeHead(200, { "content-type": "application/json" }).end("{}")
      } catch {
        res.writeHead(400).end()
      }
    })
  })

  async start(port = 0): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(port, "127.0.0.1", resolve))
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async stop() {
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  async waitFor(predicate: (spans: ReceivedSpan[]) => boolean, timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (predicate(this.spans)) return
      await new Promise((r) => setTimeout(r, 200))
    }
    throw new Error(
      `spans not received in time; have: ${[...new Set(this.spans.map((s) => s.name))].join(", ")}`
    )
  }
}
