import fs from "fs"
import path from "path"

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const

/** `template` is the route as Medusa names it (`/admin/products/:id`), `path` a requestable URL. */
export type AdminRoute = { method: string; path: string; source: string; template: string }

/**
 * Every /admin route file Medusa ships and this project adds, with each HTTP
 * method it exports; `[param]` segments get a syntactically plausible id.
 */
export function adminRoutes(): AdminRoute[] {
  const roots = [
    { dir: path.dirname(require.resolve("@medusajs/medusa/package.json")), source: "medusa" },
    { dir: path.join(__dirname, "..", "..", "packages", "plugin"), source: "project" },
  ]
  const found: AdminRoute[] = []
  for (const { dir, source } of roots) {
    const base =
      source === "medusa"
        ? path.join(dir, "dist", "api", "admin")
        : path.join(dir, "src", "api", "admin")
    const walk = (d: string) => {
      if (!fs.existsSync(d)) return
      for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
        const full = path.join(d, entry.name)
        if (entry.isDirectory()) walk(full)
        else if (/^route\.(js|ts)$/.test(entry.name)) {
          const text = fs.readFileSync(full, "utf8")
          const rel = path.relative(base, d).split(path.sep).filter(Boolean)
          const url =
            "/admin" +
            rel.map((s) => "/" + (/^\[.+\]$/.test(s) ? "id_does_not_matter" : s)).join("")
          for (const method of METHODS) {
            const exported =
              new RegExp(`exports\\.${method}\\s*=`).test(text) ||
              new RegExp(`export (const|async function|function) ${method}\\b`).test(text)
            const template =
              "/admin" + rel.map((s) => "/" + s.replace(/^\[(.+)\]$/, ":$1")).join("")
            if (exported) found.push({ method, path: url, source, template })
          }
        }
      }
    }
    walk(base)
  }
  return found
}
