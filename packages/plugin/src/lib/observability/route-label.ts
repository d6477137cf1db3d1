import type { Request } from "express"

/** Label for requests that match no route: one fixed value keeps cardinality bounded. */
export const UNMATCHED_ROUTE = "unmatched"

type Layer = {
  route?: { path: string | string[] }
  match?: (path: string) => boolean
}

const templateCache = new WeakMap<object, Layer[]>()

function routeLayers(req: Request): Layer[] {
  const router = (req.app as any)?._router ?? (req.app as any)?.router
  const stack: Layer[] = router?.stack ?? []
  let layers = templateCache.get(stack)
  if (!layers || layers.length === 0) {
    layers = stack.filter((layer) => layer.route && typeof layer.match === "function")
    templateCache.set(stack, layers)
  }
  return layers
}

/**
 * The route template of a request (e.g. `/store/carts/:id/complete`), never a
 * raw path: the matched Express route when there is one, else the first
 * registered route whose pattern matches the path (requests rejected by a
 * middleware before reaching their route), else UNMATCHED_ROUTE.
 */
export function routeLabel(req: Request): string {
  const matched = req.route?.path
  if (typeof matched === "string") return matched
  const path = (req.originalUrl || req.url || "").split("?")[0]
  for (const layer of routeLayers(req)) {
    try {
      if (layer.match!(path)) {
        const p = layer.route!.path
        return Array.isArray(p) ? String(p[0]) : String(p)
      }
    } catch {
      // A malformed path (bad percent-encoding) matches nothing.
    }
  }
  return UNMATCHED_ROUTE
}

export function statusClass(status: number): string {
  if (status >= 100 && status < 600) return `${Math.floor(status / 100)}xx`
  return "other"
}

const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])

export function methodLabel(method: string | undefined): string {
  const m = (method || "").toUpperCase()
  return KNOWN_METHODS.has(m) ? m : "OTHER"
}
