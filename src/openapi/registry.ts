import { OpenAPIRegistry, extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi"
import { z } from "@medusajs/framework/zod"

// Medusa's `z` is zod 4 (the same instance as the `zod` package), so the schemas that
// validate requests in middleware files can be registered in the document unchanged.
extendZodWithOpenApi(z)

export { z, OpenAPIRegistry }

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
