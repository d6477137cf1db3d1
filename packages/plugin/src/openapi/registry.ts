import {
  OpenAPIRegistry as ZodOpenAPIRegistry,
  extendZodWithOpenApi,
} from "@asteasolutions/zod-to-openapi"
import { z } from "@medusajs/framework/zod"

// Medusa's `z` is zod 4 (the same instance as the `zod` package), so the schemas that
// validate requests in middleware files can be registered in the document unchanged.
extendZodWithOpenApi(z)

type Schema = z.ZodType

/**
 * `schema`, or a copy of it that has `.openapi()`. zod 4 copies prototype methods onto each
 * instance when it is constructed, so a schema made before `extendZodWithOpenApi` ran
 * (Medusa's validators and our middleware schemas, which `medusa start` loads long before
 * this file) has no `.openapi()`. Such a schema carries no OpenAPI metadata; rebuilding it
 * from its definition, as zod-to-openapi itself does, and keeping its zod metadata
 * (`.describe()`, `.meta()`) makes the document independent of module load order
 * (decision 0100).
 */
export function withOpenApi<T extends Schema>(schema: T): T {
  if (typeof (schema as { openapi?: unknown }).openapi === "function") return schema
  const Rebuild = schema.constructor as new (def: T["_def"]) => T
  const copy = new Rebuild(schema._def)
  const meta = z.globalRegistry.get(schema)
  if (meta) z.globalRegistry.add(copy, meta)
  return copy
}

/** zod-to-openapi's registry, accepting schemas whatever their construction time. */
export class OpenAPIRegistry extends ZodOpenAPIRegistry {
  override register<T extends Schema>(refId: string, zodSchema: T): T {
    return super.register(refId, withOpenApi(zodSchema))
  }

  override registerParameter<T extends Schema>(refId: string, zodSchema: T): T {
    return super.registerParameter(refId, withOpenApi(zodSchema))
  }
}

export { z }

/** Names of the security schemes declared in ./components.ts. */
export const SECURITY = {
  publishableKey: "publishableKey",
  bearer: "bearerJwt",
  session: "sessionCookie",
} as const

type Requirement = Record<string, string[]>

/** Security requirement objects for `registerPath({ security })`. */
export const security: Record<"store" | "customer" | "admin" | "none", Requirement[]> = {
  /** Public store route: only the publishable API key header. */
  store: [{ [SECURITY.publishableKey]: [] }],
  /** Logged-in customer: publishable key plus a bearer token or the session cookie. */
  customer: [
    { [SECURITY.publishableKey]: [], [SECURITY.bearer]: [] },
    { [SECURITY.publishableKey]: [], [SECURITY.session]: [] },
  ],
  /** Admin user: bearer token or session cookie. */
  admin: [{ [SECURITY.bearer]: [] }, { [SECURITY.session]: [] }],
  /** Public, no credentials. */
  none: [],
}

/** One documented feature: a file in ./paths exporting `register(registry)`. */
export type PathModule = {
  /** Tag shown in Swagger UI and the Postman folder name. */
  tag: string
  description: string
  register: (registry: OpenAPIRegistry) => void
}
