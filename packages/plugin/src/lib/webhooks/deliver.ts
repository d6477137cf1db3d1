import http from "node:http"
import https from "node:https"
import net from "node:net"
import type { WebhookConfig } from "./config"
import { assertAddressAllowed, assertUrlShape, guardEnabled, guardedLookup } from "./ssrf"

export type DeliveryResult = {
  ok: boolean
  status_code: number | null
  duration_ms: number
  error: string | null
  response_body: string | null
}

/**
 * POSTs one signed body. No redirects (a 3xx is a failed attempt), connect and response
 * each limited to `timeoutMs`, at most `responseBodyLimit` bytes of the answer are read.
 * Never throws: every outcome is a DeliveryResult.
 */
export async function postWebhook(
  target: string,
  body: string,
  headers: Record<string, string>,
  config: WebhookConfig
): Promise<DeliveryResult> {
  const started = Date.now()
  const done = (partial: Omit<DeliveryResult, "duration_ms">): DeliveryResult => ({
    ...partial,
    duration_ms: Date.now() - started,
  })
  let url: URL
  try {
    url = assertUrlShape(target, config)
    const host = url.hostname.replace(/^\[|\]$/g, "")
    // Node skips `lookup` for IP literals: check those here.
    if (net.isIP(host) && guardEnabled(config)) assertAddressAllowed(host, host, config)
  } catch (err) {
    return done({
      ok: false,
      status_code: null,
      error: (err as Error).message,
      response_body: null,
    })
  }
  const client = url.protocol === "https:" ? https : http
  return await new Promise<DeliveryResult>((resolve) => {
    let settled = false
    let responseTimer: NodeJS.Timeout | undefined
    const finish = (result: Omit<DeliveryResult, "duration_ms">) => {
      if (settled) return
      settled = true
      clearTimeout(connectTimer)
      clearTimeout(responseTimer)
      resolve(done(result))
    }
    const req = client.request(
      url,
      {
        method: "POST",
        agent: false,
        lookup: guardedLookup(config),
        headers: {
          ...headers,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "user-agent": "commerce-api-webhooks/1",
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on("data", (chunk: Buffer) => {
          if (size < config.responseBodyLimit) chunks.push(chunk)
          size += chunk.length
          // Enough read: the rest of a large answer is not needed.
          if (size > config.responseBodyLimit) res.destroy()
        })
        const complete = () => {
          const status = res.statusCode ?? 0
          const text = Buffer.concat(chunks).toString("utf8").slice(0, config.responseBodyLimit)
          const ok = status >= 200 && status < 300
          finish({
            ok,
            status_code: status,
            error: ok
              ? null
              : status >= 300 && status < 400
                ? `Redirect (${status}) not followed`
                : `HTTP ${status}`,
            response_body: text || null,
          })
        }
        res.on("end", complete)
        res.on("close", complete)
        res.on("error", complete)
      }
    )
    const fail = (message: string) => {
      finish({ ok: false, status_code: null, error: message, response_body: null })
      req.destroy()
    }
    // Declared after `finish`, which only runs from callbacks, once this is set.
    const connectTimer = setTimeout(
      () => fail(`Connect timeout after ${config.timeoutMs} ms`),
      config.timeoutMs
    )
    req.on("socket", (socket) => {
      const connected = () => {
        clearTimeout(connectTimer)
        responseTimer = setTimeout(
          () => fail(`No response within ${config.timeoutMs} ms`),
          config.timeoutMs
        )
      }
      if (!socket.connecting) connected()
      else socket.once(url.protocol === "https:" ? "secureConnect" : "connect", connected)
    })
    req.on("error", (err) => fail(err.message || String(err)))
    req.end(body)
  })
}
