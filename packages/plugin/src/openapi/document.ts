import { OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi"
import { registerSharedComponents } from "./components"
import { pathModules } from "./paths"
import { OpenAPIRegistry, type PathModule } from "./registry"

export type OpenApiDocument = Record<string, any>

const METHOD_ORDER = ["get", "put", "post", "patch", "delete", "head", "options", "trace"]

/** Recursively sorts object keys so the output does not depend on registration order. */
function sortKeys(value: unknown, path: string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v, path))
  if (!value || typeof value !== "object") return value
  const obj = value as Record<string, unknown>
  let keys = Object.keys(obj).sort()
  // Keep methods in HTTP order inside a path item, and keep schema property order
  // (it is the order authors chose and the order Swagger UI shows).
  const parent = path[path.length - 1]
  const grand = path[path.length - 2]
  if (grand === "paths") {
    keys = Object.keys(obj).sort((a, b) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b))
  } else if (parent === "properties") {
    keys = Object.keys(obj)
  }
  return Object.fromEntries(keys.map((k) => [k, sortKeys(obj[k], [...path, k])]))
}

/**
 * Answers every store/auth operation can give because of middleware rather than its handler:
 * 429 from the rate limits, 413 from the body-size limit on writes, and 304 from the catalog
 * cache's ETags on store GETs.
 */
function addCrossCuttingResponses(doc: { paths?: Record<string, Record<string, any>> }) {
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (!path.startsWith("/store/") && !path.startsWith("/auth/")) continue
    for (const [method, op] of Object.entries(item)) {
      if (!op?.responses) continue
      op.responses["429"] ??= {
        description: "Too many requests: a rate limit was hit; retry after `Retry-After` seconds",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      }
      if (method !== "get") {
        op.responses["413"] ??= {
          description: "Request body larger than the configured limit",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        }
      }
      if (method === "get" && path.startsWith("/store/")) {
        op.responses["304"] ??= {
          description: "Not modified: `If-None-Match` matched the current ETag",
        }
      }
    }
  }
}

/**
 * Builds the OpenAPI 3.1 document from every module in ./paths (or the given ones).
 * Deterministic: no timestamps, sorted paths and components.
 */
export function buildOpenApiDocument(modules: PathModule[] = pathModules): OpenApiDocument {
  const registry = new OpenAPIRegistry()
  registerSharedComponents(registry)
  for (const m of modules) m.register(registry)

  const generator = new OpenApiGeneratorV31(registry.definitions)
  const doc = generator.generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Commerce API",
      // The plugin's own version, by package name: the same from its sources and from its build.
      version: require("@commerce-api/plugin/package.json").version,
      description:
        "Store API of the commerce backend (Medusa 2.21.2 plus our features). Every /store " +
        "route needs the `x-publishable-api-key` header. Authenticate customers with " +
        "`Authorization: Bearer <token>` or the `connect.sid` session cookie. Errors are " +
        "`{ type, message }` with a 4xx status. Contract tests validate every documented " +
        "response of the HTTP test suites against this document.",
    },
    servers: [{ url: "/", description: "This server" }],
    tags: modules.map((m) => ({ name: m.tag, description: m.description })),
  })
  addCrossCuttingResponses(doc as any)
  // Sort paths alphabetically; tags keep the curated order.
  const sorted = sortKeys(doc) as OpenApiDocument
  sorted.tags = doc.tags
  return sorted
}
