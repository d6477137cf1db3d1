import { getHttpResponseFromError } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { GraphQLError } from "graphql"
import { clientErrorFor } from "../security/error-handler"

/** What GraphQL clients read in `extensions`: REST's error type and HTTP status. */
export type ErrorExtensions = { code: string; status: number; requestId?: string }

/** A brute-force or rate-limit refusal: REST answers 429 with Retry-After. */
export class TooManyRequestsError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number
  ) {
    super(message)
  }
}

export const invalid = (message: string) => new MedusaError(MedusaError.Types.INVALID_DATA, message)

/**
 * Maps a resolver error to the status and type REST would answer with. 4xx keep their
 * message (they are the caller's); 5xx are masked in production with the request id,
 * which the access log and the error log carry too.
 */
export function toGraphQLError(
  error: GraphQLError,
  options: { production: boolean; requestId?: string; log: (message: string, e: unknown) => void }
): GraphQLError {
  const original = error.originalError
  // Parse and validation errors (no original error) are the caller's: 400.
  if (!original || original instanceof GraphQLError) {
    if (original instanceof GraphQLError) return toGraphQLError(original, options)
    if (error.extensions?.status) return error
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      path: error.path,
      extensions: { ...error.extensions, code: "invalid_data", status: 400 },
    })
  }
  if (original instanceof TooManyRequestsError) {
    return new GraphQLError(original.message, {
      nodes: error.nodes,
      path: error.path,
      extensions: {
        code: "too_many_requests",
        status: 429,
        retryAfterSeconds: original.retryAfterSeconds,
      },
    })
  }
  const thrown = clientErrorFor(original) ?? original
  const { statusCode, message, type } = describe(thrown)
  const extensions: ErrorExtensions = { code: type, status: statusCode }
  if (statusCode < 500) {
    return new GraphQLError(message, { nodes: error.nodes, path: error.path, extensions })
  }
  options.log(`GraphQL error at ${error.path?.join(".") ?? "(operation)"}`, original)
  const text = options.production
    ? `An internal error occurred. Reference: ${options.requestId ?? "unknown"}`
    : message
  return new GraphQLError(text, {
    nodes: error.nodes,
    path: error.path,
    extensions: { ...extensions, code: "unknown_error", requestId: options.requestId },
  })
}

function describe(thrown: unknown): { statusCode: number; message: string; type: string } {
  const response = getHttpResponseFromError(thrown)
  const body = response.body ?? {}
  return {
    statusCode: response.statusCode,
    message: String(body.message ?? (thrown instanceof Error ? thrown.message : "Error")),
    type: String(body.type ?? (response.statusCode >= 500 ? "unknown_error" : "invalid_data")),
  }
}
