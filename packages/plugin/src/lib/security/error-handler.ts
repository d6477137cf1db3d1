import { errorHandler, getHttpResponseFromError } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { randomUUID } from "crypto"
import type { NextFunction, Request, Response } from "express"

type Logger = { error: (...args: any[]) => void }

/**
 * Errors thrown below the validators for input that is the client's fault
 * (found by the fuzz suite). They are turned into a 400 with a neutral message;
 * anything else that maps to 5xx stays a 5xx.
 */
export function clientErrorFor(err: any): MedusaError | undefined {
  if (!err || typeof err !== "object") return undefined
  const name = String(err.name || err.constructor?.name || "")
  const message = String(err.message || "")
  // Express' own param decoding (it tags the URIError 400, but Medusa's handler
  // answers anything that is not an http-errors error with 500). Normally the
  // request-target guard refuses such paths first; this covers a process's first requests.
  if (err instanceof URIError) {
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
  return function handleError(err: any, req: Request, res: Response, next: NextFunction) {
    const clientError = clientErrorFor(err)
    if (clientError) return core(clientError, req as any, res as any, next)
    const { statusCode } = getHttpResponseFromError(err)
    if (statusCode < 500 || !options.production) return core(err, req as any, res as any, next)
    const reference = randomUUID()
    const scope = (req as any).scope
    const logger: Logger = scope ? scope.resolve(ContainerRegistrationKeys.LOGGER) : console
    logger.error(`Internal error ${reference} at ${req.method} ${req.path}`, err)
    res.status(statusCode).json({
      code: "unknown_error",
      type: "unknown_error",
      message: `An internal error occurred. Reference: ${reference}`,
    })
  }
}
