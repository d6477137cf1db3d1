import { z } from "@medusajs/framework/zod"

// The e-mail verification's request schemas (applied in api/middlewares/security-auth.ts).

export const VerifyEmailBody = z.object({ token: z.string().min(1).max(200) }).strict()
export type VerifyEmailBodyType = z.infer<typeof VerifyEmailBody>
