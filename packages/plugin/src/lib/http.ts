import type { AuthContext, MedusaRequest, PublishableKeyContext } from "@medusajs/framework/http"

/**
 * A request as a middleware on any route sees it: Medusa sets `auth_context` only once a
 * caller authenticated (store routes allow anonymous callers) and
 * `publishable_key_context` only under /store.
 */
export type MaybeAuthenticatedRequest<Body = unknown> = MedusaRequest<Body> & {
  auth_context?: AuthContext
  publishable_key_context?: PublishableKeyContext
}

/** A plain JSON object (not null, not an array): what request bodies and payloads are read as. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value)
}
