import { logger as medusaLogger } from "@medusajs/framework/logger"
import { installAccessLogRedaction } from "./access-log"
import { currentRequestId } from "./request-context"
import { isSecretKey, redactString, redactValue } from "./redact"

type Info = Record<string | symbol, unknown>
type Format = { transform: (info: Info, opts?: unknown) => Info | boolean; options?: unknown }
type Winston = { format: Format }

const INSTALLED = Symbol.for("commerce-api.observability.log-format")
const MESSAGE = Symbol.for("message")
const SPLAT = Symbol.for("splat")

/** Redacts the fields of a winston info object in place and tags it with the request id. */
export function prepareLogInfo(info: Info): Info {
  for (const key of Object.keys(info)) {
    if (key === "level") continue
    if (isSecretKey(key)) {
      delete info[key]
      continue
    }
    info[key] = redactValue(info[key])
  }
  const splat = info[SPLAT]
  if (Array.isArray(splat)) info[SPLAT] = splat.map((v) => redactValue(v))
  const requestId = currentRequestId()
  if (requestId && info.request_id === undefined) info.request_id = requestId
  return info
}

/**
 * Wraps the format of Medusa's shared winston logger (the one every module and
 * route logs through) so that every line carries the current request id and
 * passes through the redaction layer; the final serialised line is scrubbed
 * once more as a safety net. Medusa already writes JSON lines outside
 * development; we keep its format and only wrap it. Medusa's access log
 * bypasses winston in production: its URL and referrer are redacted at the
 * source (access-log.ts). Idempotent.
 */
export function installLogFormat(reporter: unknown = medusaLogger): boolean {
  installAccessLogRedaction()
  const winston = (reporter as { loggerInstance_?: Winston })?.loggerInstance_
  if (!winston?.format || (winston as any)[INSTALLED]) return false
  const original = winston.format
  winston.format = {
    options: original.options,
    transform(info: Info, opts?: unknown) {
      const out = original.transform(prepareLogInfo(info), opts ?? original.options)
      if (out && typeof out === "object" && typeof out[MESSAGE] === "string") {
        out[MESSAGE] = redactString(out[MESSAGE] as string)
      }
      return out
    },
  }
  ;(winston as any)[INSTALLED] = true
  return true
}
