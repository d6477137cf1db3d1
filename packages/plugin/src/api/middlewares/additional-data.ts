import { z } from "@medusajs/framework/zod"

// Bounds, not a schema: what the data means is the extender's business (their hook
// validates it), but a client must not be able to push megabytes or thousands of keys
// through a route into every hook and workflow checkpoint.
export const ADDITIONAL_DATA_LIMITS = { keys: 50, keyLength: 100, jsonBytes: 16 * 1024 } as const

/**
 * Within the size bound. Nesting so deep that JSON.stringify overflows the stack (a body of
 * 50,000 brackets parses fine) is refused as well: it would otherwise throw a RangeError,
 * a 500, here and wherever the workflow engine serializes its input.
 */
function fitsInJson(value: unknown): boolean {
  try {
    return Buffer.byteLength(JSON.stringify(value)) <= ADDITIONAL_DATA_LIMITS.jsonBytes
  } catch {
    return false
  }
}

/**
 * Medusa's `additional_data`: an optional object passed unchanged to the workflow's hooks
 * (https://docs.medusajs.com/learn/fundamentals/api-routes/additional-data). Routes of
 * ours that run a workflow with hooks accept it next to their own fields.
 */
export const AdditionalData = z
  .record(z.string().min(1).max(ADDITIONAL_DATA_LIMITS.keyLength), z.unknown())
  .refine((v) => Object.keys(v).length <= ADDITIONAL_DATA_LIMITS.keys, {
    message: `additional_data may have at most ${ADDITIONAL_DATA_LIMITS.keys} keys`,
  })
  .refine(fitsInJson, {
    message: `additional_data may be at most ${ADDITIONAL_DATA_LIMITS.jsonBytes} bytes as JSON`,
  })
  .optional()
  .describe(
    "Passed unchanged to the workflow's hooks for plugins that extend it (docs/extending.md); " +
      "ignored otherwise. An object of at most 50 keys and 16 KB."
  )
