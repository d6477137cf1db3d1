import {
  errorHandler,
  getHttpResponseFromError,
  type MedusaNextFunction,
  type MedusaRequest,
  type MedusaResponse,
} from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { randomUUID } from "crypto"

// Method syntax: Medusa's logger (error?: Error) and console (...data: any[]) both fit.
type Logger = { error(message: string, error?: unknown): void }

// What the checks below read of whatever was thrown.
type ThrownLike = { name?: unknown; message?: unknown; status?: unknown }

/**
 * Errors thrown below the validators for input that is the client's fault
 * (found by the fuzz suite). They are turned into a 400 with a neutral message;
 * anything else that maps to 5xx stays a 5xx.
 */
export function clientErrorFor(thrown: unknown): MedusaError | undefined {
  if (!thrown || typeof thrown !== "object") return undefined
  const err: ThrownLike = thrown
  const name = String(err.name || thrown.constructor?.name || "")
  const message = String(err.message || "")
  // Express' own param decoding (it tags the URIError 400, but Medusa's handler
  // answers anything that is not an http-errors error with 500). Normally the
  // request-target guard refuses such paths first; this covers a process's first requests.
  if (thrown instanceof URIError) {
    return new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "The request path is not valid percent-encoded UTF-8"
    )
  }
  // Express' body-parser/http-errors are already answered with their own 4xx.
  if (typeof err.status === "number" && err.status >= 400 && err.status < 500) return undefined
  // MikroORM/pg rejecting a value of the wrong type in a filter (e.g. an object
  // where an id string is expected) or a malformed number/date.
  if (
    /^(ValidationError|InvalidFieldNameException|ArgumentOutOfRangeError)$/.test(name) ||
    /invalid input syntax for type|out of range for type|value too long for type|invalid byte sequence|unsupported Unicode escape|must not be negative/i.test(
      message
    )
  ) {
    return new MedusaError(MedusaError.Types.INVALID_DATA, "Invalid value in request")
  }
  return undefined
}

export type SecurityErrorHandlerOptions = {
  /** Production hides internal messages of 5xx errors. */
  production: boolean
}

/**
 * Wraps Medusa's error handler: client-caused errors that Medusa would answer
 * with 500 become 400, and in production a real 5xx answers with a generic
 * message and a reference id that is logged with the full error.
 */
export function securityErrorHandler(options: SecurityErrorHandlerOptions) {
  const core = errorHandler()
  return function handleError(
    err: unknown,
    req: MedusaRequest,
    res: MedusaResponse,
    next: MedusaNextFunction
  ) {
    const clientError = clientErrorFor(err)
    if (clientError) return core(clientError, req, res, next)
    const { statusCode } = getHttpResponseFromError(err)
    if (statusCode < 500 || !options.production) return core(err, req, res, next)
    const reference = randomUUID()
    // Unset when the error happened before Medusa attached the request's scope.
    const scope: MedusaContainer | undefined = req.scope
    const logger: Logger = scope ? scope.resolve(ContainerRegistrationKeys.LOGGER) : console
    logger.error(`Internal error ${reference} at ${req.method} ${req.path}`, err)
    res.status(statusCode).json({
      code: "unknown_error",
      type: "unknown_error",
      message: `An internal error occurred. Reference: ${reference}`,
    })
  }
}
