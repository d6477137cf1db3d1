import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"

/** Test-only routes exist when ENABLE_TEST_ROUTES=true and never in production. */
export function testRoutesEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return env.ENABLE_TEST_ROUTES === "true" && env.NODE_ENV !== "production"
}

/** GET /ops-test/slow?ms=2000 answers after a delay (≤ 30 s); used by the shutdown test. */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  if (!testRoutesEnabled()) {
    res.status(404).json({ type: "not_found", message: "Not found" })
    return
  }
  const ms = Math.min(Math.max(Number(req.query.ms) || 0, 0), 30_000)
  await new Promise((resolve) => setTimeout(resolve, ms))
  res.status(200).json({ slept_ms: ms })
}
