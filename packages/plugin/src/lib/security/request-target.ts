import { MedusaError } from "@medusajs/framework/utils"
import type { NextFunction, Request, Response } from "express"
import type { IncomingMessage, ServerResponse } from "http"
import { positiveInt } from "./limits"

/**
 * The request target (path + query string) is checked before anything decodes
 * it: Express's param decoding, the query parser, the catalog cache's key and
 * its early lane. A malformed percent-escape, an escape that is not UTF-8
 * (overlong `%C0%AF`, a surrogate, a truncated sequence — lenient decoders
 * turn them into U+FFFD, so different garbage would share one cache key), a
 * NUL, or an oversized path/query/value answers 400 and reaches nothing else.
 */

type Env = Record<string, string | undefined>

export type RequestTargetLimits = {
  /** Raw path, as sent. */
  maxPathBytes: number
  /** Raw query string (after `?`), as sent. */
  maxQueryBytes: number
  /** One decoded query parameter name or value, in UTF-8 bytes. */
  maxValueBytes: number
}

export function readRequestTargetLimits(env: Env = process.env): RequestTargetLimits {
  return {
    maxPathBytes: positiveInt(env.MAX_PATH_BYTES, 2048, "MAX_PATH_BYTES"),
    maxQueryBytes: positiveInt(env.MAX_QUERY_STRING_BYTES, 8192, "MAX_QUERY_STRING_BYTES"),
    maxValueBytes: positiveInt(env.MAX_QUERY_VALUE_BYTES, 2048, "MAX_QUERY_VALUE_BYTES"),
  }
}

/** Strict decoding: undefined for anything decodeURIComponent refuses (it refuses every non-UTF-8 escape). */
function decode(raw: string): string | undefined {
  if (!raw.includes("%")) return raw
  try {
    return decodeURIComponent(raw)
  } catch {
    return undefined
  }
}

// Names are echoed in messages only when short and printable.
const quoted = (name: string) =>
  /^[\w.[\]-]{1,40}$/.test(name) ? `Query parameter "${name}"` : "A query parameter"

const NOT_ENCODED = "is not valid percent-encoded UTF-8"
const NUL = "Text values must not contain NUL characters"

/** Returns why a request target is refused, or undefined when it is fine. `url` is path + query as received. */
export function checkRequestTarget(url: string, limits: RequestTargetLimits): string | undefined {
  const q = url.indexOf("?")
  const path = q === -1 ? url : url.slice(0, q)
  const query = q === -1 ? "" : url.slice(q + 1)

  if (path.length > limits.maxPathBytes) {
    return `The request path is longer than ${limits.maxPathBytes} bytes`
  }
  const decodedPath = decode(path)
  if (decodedPath === undefined) return `The request path ${NOT_ENCODED}`
  if (decodedPath.includes("\u0000")) return NUL

  if (!query) return undefined
  if (query.length > limits.maxQueryBytes) {
    return `The query string is longer than ${limits.maxQueryBytes} bytes`
  }
  for (const pair of query.split("&")) {
    if (!pair) continue
    const eq = pair.indexOf("=")
    const rawName = eq === -1 ? pair : pair.slice(0, eq)
    const rawValue = eq === -1 ? "" : pair.slice(eq + 1)
    // `+` is a space in query strings (as qs and URLSearchParams read it).
    const name = decode(rawName.replace(/\+/g, " "))
    if (name === undefined) return `A query parameter name ${NOT_ENCODED}`
    const value = decode(rawValue.replace(/\+/g, " "))
    if (value === undefined) return `${quoted(name)} ${NOT_ENCODED}`
    if (name.includes("\u0000") || value.includes("\u0000")) return NUL
    if (Buffer.byteLength(name) > limits.maxValueBytes) {
      return `A query parameter name is longer than ${limits.maxValueBytes} bytes`
    }
    if (Buffer.byteLength(value) > limits.maxValueBytes) {
      return `${quoted(name)} is longer than ${limits.maxValueBytes} bytes`
    }
  }
  return undefined
}

export type RawHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (err?: unknown) => void
) => void

export type RequestTargetGuardOptions = {
  limits: RequestTargetLimits
  /**
   * Runs around the refusal at the front of the stack, so it still carries
   * what every response carries (request id, metrics, security headers).
   */
  decorate?: RawHandler[]
}

const checked = new WeakSet<IncomingMessage>()
const installed = new WeakSet<object>()

function refuse(res: ServerResponse, message: string) {
  const body = JSON.stringify({ type: "invalid_data", message })
  res.statusCode = 400
  res.setHeader("Content-Type", "application/json; charset=utf-8")
  res.setHeader("Content-Length", Buffer.byteLength(body))
  res.end(body)
}

/** The check as the first thing Express runs for a request: before its query parser and init layer. */
function frontGuard(options: RequestTargetGuardOptions): RawHandler {
  const decorate = options.decorate ?? []
  return function requestTargetGuard(req, res, next) {
    const problem = checkRequestTarget(req.url || "", options.limits)
    if (!problem) {
      checked.add(req)
      return next()
    }
    const run = (i: number) => {
      if (i === decorate.length) return refuse(res, problem)
      decorate[i](req, res, (err?: unknown) => (err ? next(err) : run(i + 1)))
    }
    run(0)
  }
}

/**
 * Project middlewares run after Medusa's own (body parsing, CORS, auth, and
 * Express layers whose paths decode params), so the guard is chained onto the
 * first layer of Express's router — its query parser — on the first request
 * that gets here. The layer's handler is wrapped rather than a layer inserted,
 * which would shift the stack under requests being routed at this moment, and
 * it runs before the catalog cache's early lane (chained onto `expressInit`,
 * the second layer). Until then, and if Express's internals are not what we
 * expect, this late middleware applies the same check.
 */
export function requestTargetGuard(options: RequestTargetGuardOptions) {
  const front = frontGuard(options)
  return function checkRequestTargetLate(req: Request, _res: Response, next: NextFunction) {
    installRequestTargetGuard(req.app, front)
    if (checked.has(req)) return next()
    const problem = checkRequestTarget(req.originalUrl || req.url, options.limits)
    if (!problem) return next()
    next(new MedusaError(MedusaError.Types.INVALID_DATA, problem))
  }
}

function installRequestTargetGuard(app: unknown, front: RawHandler) {
  if (!app || installed.has(app)) return
  installed.add(app)
  const stack: { name?: string; handle: RawHandler }[] | undefined = (app as any)._router?.stack
  const first =
    stack?.find((l) => l.name === "query") ?? stack?.find((l) => l.name === "expressInit")
  if (!first) return
  const original = first.handle
  first.handle = function requestTargetGuardThenQuery(req, res, next) {
    front(req, res, (err?: unknown) => (err ? next(err) : original(req, res, next)))
  }
}
