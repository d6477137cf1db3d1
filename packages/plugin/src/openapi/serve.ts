import fs from "fs"
import path from "path"
import { buildOpenApiDocument, type OpenApiDocument } from "./document"
import { renderYaml } from "./artifacts"

// The served document is built once per process from the same code as docs/openapi/.
let cached: { json: OpenApiDocument; yaml: string } | undefined

export function servedDocument() {
  if (!cached) {
    const json = buildOpenApiDocument()
    cached = { json, yaml: renderYaml(json) }
  }
  return cached
}

const SWAGGER_DIR = path.dirname(require.resolve("swagger-ui-dist/package.json"))

/** Files of swagger-ui-dist that /docs needs (an allowlist: no path from the URL reaches fs). */
export const SWAGGER_ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "application/javascript; charset=utf-8",
  "swagger-ui-standalone-preset.js": "application/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
}

export function readSwaggerAsset(name: string): Buffer | undefined {
  if (!Object.prototype.hasOwnProperty.call(SWAGGER_ASSETS, name)) return undefined
  return fs.readFileSync(path.join(SWAGGER_DIR, name))
}

/** Swagger UI initializer, served as a file so the page needs no inline script. */
export const SWAGGER_INITIALIZER = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: true,
    tryItOutEnabled: true,
    displayRequestDuration: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout",
  })
})
`

export const DOCS_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Commerce API docs</title>
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
    <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
    <script src="/docs/assets/swagger-initializer.js"></script>
  </body>
</html>
`

/** CSP for the docs pages: same-origin scripts only; Swagger UI needs inline styles. */
export const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ")
