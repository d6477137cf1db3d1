import express from "express"
import type { OutgoingHttpHeader, OutgoingHttpHeaders, ServerResponse } from "http"

const INSTALLED = Symbol.for("commerce-api.cache.no-store-on-errors")

type WriteHead = (
  this: ServerResponse,
  statusCode: number,
  ...rest: (string | OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined)[]
) => ServerResponse

/**
 * The Cache-Control a response may leave with. Errors are never stored
 * (a proxy would otherwise keep a 500 for the route's max-age), and `public`
 * is only allowed on 200s and their 304 revalidations.
 */
export function cacheControlFor(status: number, current: string | undefined): string | undefined {
  if (status >= 400) return "no-store"
  if (current && /\bpublic\b/i.test(current) && status !== 200 && status !== 304) return "no-store"
  return current
}

// Headers given to writeHead() itself win over setHeader(): drop their Cache-Control.
function withoutCacheControl(
  headers: OutgoingHttpHeaders | OutgoingHttpHeader[]
): OutgoingHttpHeaders | OutgoingHttpHeader[] {
  if (Array.isArray(headers)) {
    // Flat [name, value, name, value, …] form.
    const out: OutgoingHttpHeader[] = []
    for (let i = 0; i + 1 < headers.length; i += 2) {
      if (String(headers[i]).toLowerCase() !== "cache-control") out.push(headers[i], headers[i + 1])
    }
    return out
  }
  const out: OutgoingHttpHeaders = {}
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== "cache-control") out[name] = value
  }
  return out
}

/**
 * Installs the rule on Express' response prototype, which every response of
 * every app in this process inherits from (Medusa's own handlers, the error
 * handler, the rate limiter, the early lane, unknown-route 404s): `writeHead`
 * is where the status is final and headers are not sent yet. A prototype and
 * not a middleware because some answers (admin 401s, body-parser errors) are
 * written before any middleware of ours runs. Idempotent.
 */
export function installNoStoreOnErrors(proto: object = express.response): boolean {
  const target = proto as { writeHead: WriteHead; [INSTALLED]?: true }
  if (target[INSTALLED]) return false
  const writeHead = target.writeHead
  target.writeHead = function writeHeadWithCachePolicy(statusCode, ...rest) {
    const current = this.getHeader("cache-control")
    const policy = cacheControlFor(statusCode, current === undefined ? undefined : String(current))
    if (policy !== undefined && policy !== current) {
      this.setHeader("Cache-Control", policy)
      const at = rest.findIndex((r) => typeof r === "object" && r !== null)
      if (at !== -1) {
        rest[at] = withoutCacheControl(rest[at] as OutgoingHttpHeaders | OutgoingHttpHeader[])
      }
    }
    return writeHead.call(this, statusCode, ...rest)
  }
  target[INSTALLED] = true
  return true
}
