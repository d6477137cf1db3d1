import { timingSafeEqual } from "node:crypto"

export type MetricsAccess = "open" | "token" | "disabled"

/**
 * /metrics exposes operational detail, so: with METRICS_TOKEN set it requires
 * `Authorization: Bearer <token>`; without one it is open in development and
 * tests and disabled (404) in production.
 */
export function metricsAccess(
  env: Record<string, string | undefined> = process.env
): MetricsAccess {
  if (env.METRICS_TOKEN) return "token"
  return env.NODE_ENV === "production" ? "disabled" : "open"
}

export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? "")
  if (!match) return false
  const given = Buffer.from(match[1].trim())
  const expected = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
}
