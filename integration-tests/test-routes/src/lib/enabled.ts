import type { MedusaResponse } from "@medusajs/framework/http"

/**
 * The plugin itself is loaded only under NODE_ENV=test (medusa-config.ts); within a test run
 * its routes answer only for suites that ask with ENABLE_TEST_ROUTES=true. Read per request:
 * medusaIntegrationTestRunner applies a suite's env after medusa-config.ts is loaded.
 */
export function refuseUnlessEnabled(res: MedusaResponse): boolean {
  if (process.env.ENABLE_TEST_ROUTES === "true") return false
  res.status(404).json({ type: "not_found", message: "Not found" })
  return true
}
