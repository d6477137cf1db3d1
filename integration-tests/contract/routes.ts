import fs from "fs"
import path from "path"

// Route discovery for the documentation coverage test: our file-based routes in the plugin
// and Medusa's core routes in @medusajs/medusa/dist/api.

export type Route = { method: string; path: string; file: string }

const HTTP = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]

function walk(dir: string, name: RegExp): string[] {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    return e.isDirectory() ? walk(full, name) : name.test(e.name) ? [full] : []
  })
}

/** `store/carts/[id]/route.ts` → `/store/carts/{id}` */
export function routePathOf(apiDir: string, file: string) {
  const rel = path.relative(apiDir, path.dirname(file)).split(path.sep).filter(Boolean)
  return "/" + rel.map((s) => s.replace(/^\[(.+)\]$/, "{$1}")).join("/")
}

function exportedMethods(source: string) {
  return HTTP.filter((m) =>
    new RegExp(
      `export\\s+(const|async\\s+function|function)\\s+${m}\\b|exports\\.${m}\\s*=(?!\\s*void)`
    ).test(source)
  )
}

export function listRoutes(apiDir: string, ext: RegExp): Route[] {
  return walk(apiDir, ext)
    .flatMap((file) =>
      exportedMethods(fs.readFileSync(file, "utf8")).map((method) => ({
        method,
        path: routePathOf(apiDir, file),
        file,
      }))
    )
    .sort((a, b) => (a.path + a.method).localeCompare(b.path + b.method))
}

// Ours are the plugin's (packages/plugin); the app itself has no routes. Empty means the
// sources moved: fail loudly rather than let the fuzz and build suites check nothing.
export function ourRoutes(root: string): Route[] {
  const apiDir = path.join(root, "packages/plugin/src/api")
  const routes = listRoutes(apiDir, /^route\.ts$/)
  if (!routes.length) throw new Error(`no route files found under ${apiDir}`)
  return routes
}

export const coreRoutes = (root: string) =>
  listRoutes(path.join(root, "node_modules/@medusajs/medusa/dist/api"), /^route\.js$/)

/** Whether a concrete or templated path matches a route template (any param names). */
export function pathMatches(template: string, candidate: string) {
  const a = template.split("/")
  const b = candidate.split("/")
  if (a.length !== b.length) return false
  return a.every((s, i) => {
    const t = b[i]
    const isParam = (x: string) => /^\{.+\}$/.test(x)
    return s === t || isParam(s) || (isParam(t) && isParam(s))
  })
}

/** Normalises parameter names so `/x/{id}` and `/x/{token}` compare equal. */
export const shape = (p: string) => p.replace(/\{[^}]+\}/g, "{}")
