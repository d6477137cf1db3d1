import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
  MiddlewareRoute,
} from "@medusajs/framework/http"
import { DOCS_CSP } from "../../openapi/serve"

// Runs after the security middlewares: the Swagger UI page gets its own CSP (same-origin
// scripts only, inline styles allowed because Swagger UI sets style attributes).
function docsHeaders(_req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  res.setHeader("Content-Security-Policy", DOCS_CSP)
  res.setHeader("X-Content-Type-Options", "nosniff")
  next()
}

export const docsMiddlewares: MiddlewareRoute[] = [
  { matcher: "/docs", method: ["GET"], middlewares: [docsHeaders] },
  { matcher: "/docs/*", method: ["GET"], middlewares: [docsHeaders] },
]
