import { z } from "@medusajs/framework/zod"

// Request schemas of the SSO store routes (applied in api/middlewares/sso.ts).

/** The token an IdP callback returned, to link that sign-in to the logged-in account. */
export const LinkSsoIdentityBody = z.object({ token: z.string().min(1).max(8192) }).strict()
export type LinkSsoIdentityBodyType = z.infer<typeof LinkSsoIdentityBody>
