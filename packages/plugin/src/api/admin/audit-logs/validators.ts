import { z } from "@medusajs/framework/zod"

// The audit log's request schemas (applied in api/middlewares/audit.ts).

export const MAX_AUDIT_PAGE = 100

export const AdminListAuditLogsParams = z
  .object({
    actor_id: z.string().max(200).optional(),
    action: z.string().max(200).optional(),
    kind: z.enum(["admin", "auth"]).optional(),
    method: z
      .string()
      .max(10)
      .transform((m) => m.toUpperCase())
      .optional(),
    status: z.coerce.number().int().min(100).max(599).optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_AUDIT_PAGE, { message: `limit must be at most ${MAX_AUDIT_PAGE}` })
      .default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()

export type AdminListAuditLogsParamsType = z.infer<typeof AdminListAuditLogsParams>
