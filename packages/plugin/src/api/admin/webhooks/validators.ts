import { z } from "@medusajs/framework/zod"
import { WEBHOOK_EVENT_TYPES } from "../../../lib/webhooks/events"

// The webhooks admin request schemas (applied in api/middlewares/webhooks.ts).

export const MAX_WEBHOOK_PAGE = 100

const url = z.string().trim().min(1).max(2000)
const events = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1, { message: "Subscribe to at least one event" })
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((list) => [...new Set(list)])
const headers = z
  .record(
    z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9-]+$/, { message: "Header names are letters, digits and dashes" }),
    z
      .string()
      .max(2000)
      .regex(/^[\t\x20-\x7e]*$/, { message: "Header values are printable ASCII" })
  )
  .refine((h) => Object.keys(h).length <= 10, { message: "At most 10 custom headers" })
const description = z.string().max(500).nullable()

export const AdminCreateWebhook = z
  .object({
    url,
    events,
    description: description.optional(),
    enabled: z.boolean().optional(),
    headers: headers.optional(),
  })
  .strict()
export type AdminCreateWebhookType = z.infer<typeof AdminCreateWebhook>

export const AdminUpdateWebhook = z
  .object({
    url: url.optional(),
    events: events.optional(),
    description: description.optional(),
    enabled: z.boolean().optional(),
    headers: headers.optional(),
  })
  .strict()
export type AdminUpdateWebhookType = z.infer<typeof AdminUpdateWebhook>

export const AdminRotateWebhookSecret = z
  .object({
    /** How long the old secret keeps signing (0: stop at once). */
    window_hours: z.number().int().min(0).max(168).optional(),
  })
  .strict()
export type AdminRotateWebhookSecretType = z.infer<typeof AdminRotateWebhookSecret>

const page = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_WEBHOOK_PAGE, { message: `limit must be at most ${MAX_WEBHOOK_PAGE}` })
    .default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
}

export const AdminListWebhooksParams = z.object(page).strict()
export type AdminListWebhooksParamsType = z.infer<typeof AdminListWebhooksParams>

export const AdminListWebhookDeliveriesParams = z
  .object({
    ...page,
    status: z.enum(["pending", "succeeded", "failed"]).optional(),
  })
  .strict()
export type AdminListWebhookDeliveriesParamsType = z.infer<typeof AdminListWebhookDeliveriesParams>

export const AdminEmptyBody = z.object({}).strict()
