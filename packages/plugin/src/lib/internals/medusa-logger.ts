import { logger as medusaLogger } from "@medusajs/framework/logger"

/**
 * Medusa's shared logger (`@medusajs/framework/logger`, the Reporter of @medusajs/cli)
 * writes every line through one winston logger, kept in its protected field
 * `loggerInstance_`. Medusa 2.21.2 offers no public access to it: the `logger` option of
 * medusa-config replaces only the container's logger, while Medusa's own code (the error
 * handler among it) imports the shared one directly, and a plugin cannot set the app's
 * option anyway. Every read of the field goes through this file;
 * __tests__/medusa-logger.unit.spec.ts fails when it changes shape.
 */

export type LogInfo = Record<string | symbol, unknown>

/** What we use of that winston logger (winston's Logger has all of it). */
export type MedusaWinston = {
  format: { transform: (info: LogInfo, opts?: unknown) => LogInfo | boolean; options?: unknown }
  level: string
  add: (transport: object) => unknown
  remove: (transport: object) => unknown
}

function isWinston(value: unknown): value is MedusaWinston {
  if (!value || typeof value !== "object") return false
  const v = value as Partial<Record<keyof MedusaWinston, unknown>>
  const format = v.format as { transform?: unknown } | undefined
  return (
    typeof format?.transform === "function" &&
    typeof v.level === "string" &&
    typeof v.add === "function" &&
    typeof v.remove === "function"
  )
}

/** The winston logger behind Medusa's logger, or undefined when it is not where we expect. */
export function medusaWinston(reporter: unknown = medusaLogger): MedusaWinston | undefined {
  if (!reporter || typeof reporter !== "object") return undefined
  const instance = (reporter as { loggerInstance_?: unknown }).loggerInstance_
  return isWinston(instance) ? instance : undefined
}
