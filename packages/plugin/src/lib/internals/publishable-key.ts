import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import path from "path"

/**
 * Medusa 2.21.2 checks the publishable key (header, revocation, sales channels, its
 * cached api_key lookup) in `ensurePublishableApiKeyMiddleware`, which it mounts on
 * /store only and does not export from `@medusajs/framework/http`. /graphql must apply
 * the very same rule, so it runs Medusa's own function, loaded here by file path (the
 * package's `exports` map hides it). __tests__/publishable-key.unit.spec.ts fails when
 * an upgrade moves or renames it.
 */
export type PublishableKeyMiddleware = (
  req: MedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction
) => Promise<void>

// Beside the entry of `@medusajs/framework/http` (dist/http/index.js).
const FILE = "middlewares/ensure-publishable-api-key.js"

export function medusaPublishableKeyMiddleware(): PublishableKeyMiddleware {
  const dir = path.dirname(require.resolve("@medusajs/framework/http"))
  const mod: { ensurePublishableApiKeyMiddleware?: unknown } = require(path.join(dir, FILE))
  const fn = mod.ensurePublishableApiKeyMiddleware
  if (typeof fn !== "function") {
    throw new Error(
      `@medusajs/framework no longer has ensurePublishableApiKeyMiddleware in ${FILE}`
    )
  }
  return fn as PublishableKeyMiddleware
}
