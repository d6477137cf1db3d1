import { z } from "@medusajs/framework/zod"
import { AdditionalData } from "../../../../middlewares/additional-data"

// The e-mail verification's request schemas (applied in api/middlewares/security-auth.ts).

export const VerifyEmailBody = z
  .object({ token: z.string().min(1).max(200), additional_data: AdditionalData })
  .strict()
export type VerifyEmailBodyType = z.infer<typeof VerifyEmailBody>
