import type { Application, RequestHandler } from "express"
import type { IncomingMessage, ServerResponse } from "http"

/**
 * Express 4's app router stack (`app._router.stack`, express/lib/router) is private to
 * Express, and Medusa 2.21.2 offers no public way to run code ahead of its own
 * middlewares (body parser, CORS, publishable key, auth): `defineMiddlewares` routes are
 * registered after them. Every use of the stack in this project goes through this file;
 * __tests__/express-router.unit.spec.ts fails when Medusa's Express changes its shape.
 * (Medusa's own `medusa start` reads the same stack to name the route of a request.)
 */

export type RawHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (err?: unknown) => void
) => void

/** One entry of the router stack (express/lib/router/layer.js). */
export type RouterLayer = {
  /** The handler's function name: Express's own first layers are "query" and "expressInit". */
  name: string
  handle: RawHandler
  /** Set on layers that `app.get()`/`app.post()`/… created. */
  route?: { path: string | string[] }
  match: (path: string) => boolean
}

// The private fields read here: Express 4 keeps its router at `_router` (and throws from
// the `router` getter); Express 5 exposes it as `router`.
type ExpressInternals = { _router?: { stack?: unknown }; router?: { stack?: unknown } }

/** The app's router stack, or undefined when there is none in the shape we know. */
export function routerStack(app: unknown): RouterLayer[] | undefined {
  if (!app || (typeof app !== "function" && typeof app !== "object")) return undefined
  const internals = app as ExpressInternals
  let stack: unknown
  try {
    stack = (internals._router ?? internals.router)?.stack
  } catch {
    return undefined
  }
  return Array.isArray(stack) ? (stack as RouterLayer[]) : undefined
}

/**
 * Runs `before` ahead of the first layer named one of `names` (earlier names preferred)
 * by wrapping that layer's handler: inserting a layer would shift the stack under
 * requests that are being routed at this moment. False when there is no such layer.
 */
export function runBeforeLayer(
  app: unknown,
  names: readonly string[],
  before: RawHandler
): boolean {
  const stack = routerStack(app)
  let layer: RouterLayer | undefined
  for (const name of names) layer ??= stack?.find((l) => l.name === name)
  if (!layer) return false
  const original = layer.handle
  layer.handle = function beforeLayer(req, res, next) {
    before(req, res, (err?: unknown) => (err ? next(err) : original(req, res, next)))
  }
  return true
}

/** Runs `after` once the layer named `name` has passed the request on (same wrapping). */
export function runAfterLayer(app: unknown, name: string, after: RawHandler): boolean {
  const layer = routerStack(app)?.find((l) => l.name === name)
  if (!layer) return false
  const original = layer.handle
  layer.handle = function afterLayer(req, res, next) {
    original(req, res, (err?: unknown) => (err ? next(err) : after(req, res, next)))
  }
  return true
}

/**
 * Adds `handler` with `app.use` and moves its layer to right after the layer named
 * `name` (to the front when there is none). False when the stack is not there.
 */
export function insertAfterLayer(app: Application, name: string, handler: RequestHandler): boolean {
  const stack = routerStack(app)
  if (!stack) return false
  app.use(handler)
  const layer = stack.pop()!
  const at = stack.findIndex((l) => l.name === name)
  stack.splice(at >= 0 ? at + 1 : 0, 0, layer)
  return true
}

const routeLayerCache = new WeakMap<object, RouterLayer[]>()

/**
 * The layers that routes (`app.get(path)`, …) created, in registration order. Computed
 * once per stack (again while it has none: routes are registered after the first use).
 */
export function routeLayers(app: unknown): RouterLayer[] {
  const stack = routerStack(app) ?? []
  let layers = routeLayerCache.get(stack)
  if (!layers || layers.length === 0) {
    layers = stack.filter((layer) => layer.route && typeof layer.match === "function")
    routeLayerCache.set(stack, layers)
  }
  return layers
}
