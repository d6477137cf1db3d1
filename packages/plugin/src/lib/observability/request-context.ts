import { AsyncLocalStorage } from "node:async_hooks"
import { randomUUID } from "node:crypto"

export type RequestContext = { requestId: string }

const KEY = Symbol.for("commerce-api.observability.request-context")
const store = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestContext> | undefined>

/** Shared across duplicate module loads so logs and middleware see one store. */
export const requestContext: AsyncLocalStorage<RequestContext> =
  store[KEY] ?? (store[KEY] = new AsyncLocalStorage<RequestContext>())

export const REQUEST_ID_HEADER = "x-request-id"
const VALID_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/

/** Keeps a caller's id when it is safe to echo and log, otherwise makes one. */
export function resolveRequestId(incoming: unknown): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming
  if (typeof value === "string" && VALID_REQUEST_ID.test(value)) return value
  return randomUUID()
}

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId
}
