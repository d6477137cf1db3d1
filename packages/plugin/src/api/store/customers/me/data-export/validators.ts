import { z } from "@medusajs/framework/zod"

/** Re-authentication for the export: the password, or none with a login under 5 minutes old. */
export const DataExportBody = z
  .object({
    password: z
      .string()
      .min(1)
      .max(1024)
      .optional()
      .describe(
        "The account's password. Optional when the bearer token is from a login under 5 minutes old."
      ),
  })
  .strict()
export type DataExportBody = z.infer<typeof DataExportBody>

export const ErasureConfirmBody = z
  .object({ token: z.string().min(1).max(200).describe("The token from the confirmation mail") })
  .strict()
export type ErasureConfirmBody = z.infer<typeof ErasureConfirmBody>

export const AdminErasureBody = z
  .object({
    immediate: z
      .boolean()
      .optional()
      .describe("Erase now instead of after the grace period (the customer's request is on file)."),
  })
  .strict()
export type AdminErasureBody = z.infer<typeof AdminErasureBody>
