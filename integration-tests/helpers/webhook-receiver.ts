import http from "node:http"
import type { AddressInfo } from "node:net"
import { Webhook } from "standardwebhooks"

export type ReceivedWebhook = {
  path: string
  headers: Record<string, string>
  body: string
  json: { id: string; type: string; schema_version: number; created_at: string; data: any }
  at: number
  /** What the receiver answered (status), or "hang" when it let the request time out. */
  answered: number | "hang"
}

/** Decides each answer: a status code, or "hang" (never answer; the sender times out). */
export type Behaviour = (req: ReceivedWebhook, nth: number) => number | "hang"

/**
 * A real HTTP server that records every webhook request. Per path, `behave(path, fn)` sets
 * how it answers (default 200). `waitFor` polls until a predicate holds.
 */
export class WebhookReceiver {
  readonly requests: ReceivedWebhook[] = []
  private behaviours = new Map<string, Behaviour>()
  private hanging: http.ServerResponse[] = []
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8")
      const path = req.url ?? "/"
      let json: ReceivedWebhook["json"]
      try {
        json = JSON.parse(body)
      } catch {
        json = { id: "", type: "", schema_version: 0, created_at: "", data: null }
      }
      const entry: ReceivedWebhook = {
        path,
        headers: Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [
            k,
            Array.isArray(v) ? v.join(",") : (v ?? ""),
          ])
        ),
        body,
        json,
        at: Date.now(),
        answered: 200,
      }
      const nth = this.requests.filter((r) => r.path === path).length + 1
      const behaviour = this.behaviours.get(path)
      entry.answered = behaviour ? behaviour(entry, nth) : 200
      this.requests.push(entry)
      if (entry.answered === "hang") {
        this.hanging.push(res)
        return
      }
      res
        .writeHead(entry.answered, { "content-type": "text/plain" })
        .end(`answer ${entry.answered}`)
    })
  })

  get port(): number {
    return (this.server.address() as AddressInfo).port
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`
  }

  behave(path: string, behaviour: Behaviour): void {
    this.behaviours.set(path, behaviour)
  }

  at(path: string): ReceivedWebhook[] {
    return this.requests.filter((r) => r.path === path)
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve))
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy()
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  async waitFor<T>(
    fn: () => T | undefined | null | false,
    timeoutMs = 30000,
    what = "webhook"
  ): Promise<T> {
    const until = Date.now() + timeoutMs
    for (;;) {
      const value = fn()
      if (value) return value
      if (Date.now() > until) throw new Error(`no ${what} within ${timeoutMs} ms`)
      await new Promise((r) => setTimeout(r, 25))
    }
  }
}

/** Verifies a received request with the `standardwebhooks` package; returns the payload. */
export function verifyWebhook(secret: string, received: ReceivedWebhook): unknown {
  return new Webhook(secret).verify(received.body, {
    "webhook-id": received.headers["webhook-id"],
    "webhook-timestamp": received.headers["webhook-timestamp"],
    "webhook-signature": received.headers["webhook-signature"],
  })
}
