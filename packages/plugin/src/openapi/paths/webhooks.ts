import {
  AdminCreateWebhook,
  AdminEmptyBody,
  AdminListWebhookDeliveriesParams,
  AdminListWebhooksParams,
  AdminRotateWebhookSecret,
  AdminUpdateWebhook,
} from "../../api/admin/webhooks/validators"
import { WEBHOOK_EVENT_TYPES } from "../../lib/webhooks/events"
import { DeletedSchema, body, errors, json, listOf } from "../components"
import { OpenAPIRegistry, security, z, type PathModule } from "../registry"

// Shapes follow src/lib/webhooks/public.ts (never secrets, never header values).
const tags = ["Webhooks"]
const idParams = z.object({ id: z.string() })

const WebhookEndpoint = z
  .object({
    id: z.string().openapi({ example: "whep_01J..." }),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.string()),
    enabled: z.boolean(),
    headers: z
      .record(z.string(), z.string())
      .openapi({ description: "Custom header names; values are masked as ***." }),
    consecutive_failures: z.number().int(),
    disabled_reason: z.string().nullable(),
    disabled_at: z.string().nullable(),
    secret_rotation_expires_at: z
      .string()
      .nullable()
      .openapi({ description: "Until then the previous secret also signs." }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("WebhookEndpoint", { description: "Where to POST which events, signed with a secret." })

const WithSecret = z.object({
  webhook: WebhookEndpoint,
  secret: z.string().openapi({
    example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    description: "The signing secret. Shown only in this answer.",
  }),
})

const WebhookAttempt = z.object({
  id: z.string(),
  attempt: z.number().int(),
  succeeded: z.boolean(),
  status_code: z.number().int().nullable(),
  duration_ms: z.number().int(),
  error: z.string().nullable(),
  response_body: z.string().nullable().openapi({ description: "Truncated (2 KiB by default)." }),
  created_at: z.string(),
})

const WebhookDelivery = z
  .object({
    id: z.string().openapi({ example: "whdl_01J..." }),
    endpoint_id: z.string(),
    message_id: z
      .string()
      .openapi({ description: "The webhook-id header: the same on every attempt." }),
    event_type: z.string(),
    status: z.enum(["pending", "succeeded", "failed"]),
    attempts: z.number().int(),
    next_attempt_at: z.string().nullable(),
    last_status_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    delivered_at: z.string().nullable(),
    created_at: z.string(),
    attempt_log: z.array(WebhookAttempt),
  })
  .openapi("WebhookDelivery", { description: "One event for one endpoint, with its attempts." })

function register(registry: OpenAPIRegistry) {
  registry.registerPath({
    method: "get",
    path: "/admin/webhooks",
    tags,
    summary: "Webhook endpoints, newest first, and the subscribable event types",
    security: security.admin,
    request: { query: AdminListWebhooksParams },
    responses: {
      "200": json(
        "Endpoints",
        listOf("webhooks", WebhookEndpoint).extend({
          event_types: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
        })
      ),
      ...errors(400, 401, 403),
    },
  })
  registry.registerPath({
    method: "post",
    path: "/admin/webhooks",
    tags,
    summary: "Create an endpoint (the answer holds its secret, once)",
    security: security.admin,
    request: { body: body(AdminCreateWebhook) },
    responses: { "201": json("Created", WithSecret), ...errors(400, 401, 403) },
  })
  registry.registerPath({
    method: "get",
    path: "/admin/webhooks/{id}",
    tags,
    summary: "One endpoint",
    security: security.admin,
    request: { params: idParams },
    responses: {
      "200": json("Endpoint", z.object({ webhook: WebhookEndpoint })),
      ...errors(401, 403, 404),
    },
  })
  registry.registerPath({
    method: "post",
    path: "/admin/webhooks/{id}",
    tags,
    summary: "Update URL, events, description, headers or enabled",
    description:
      "Enabling a disabled endpoint resets its failure count; queued events resume in order.",
    security: security.admin,
    request: { params: idParams, body: body(AdminUpdateWebhook) },
    responses: {
      "200": json("Endpoint", z.object({ webhook: WebhookEndpoint })),
      ...errors(400, 401, 403, 404),
    },
  })
  registry.registerPath({
    method: "delete",
    path: "/admin/webhooks/{id}",
    tags,
    summary: "Delete an endpoint",
    security: security.admin,
    request: { params: idParams },
    responses: { "200": json("Deleted", DeletedSchema), ...errors(401, 403, 404) },
  })
  registry.registerPath({
    method: "post",
    path: "/admin/webhooks/{id}/rotate-secret",
    tags,
    summary: "New secret (shown once); the old one signs too during the window",
    security: security.admin,
    request: { params: idParams, body: body(AdminRotateWebhookSecret) },
    responses: { "200": json("Rotated", WithSecret), ...errors(400, 401, 403, 404) },
  })
  registry.registerPath({
    method: "post",
    path: "/admin/webhooks/{id}/send-test",
    tags,
    summary: "Queue a webhook.test event for this endpoint",
    security: security.admin,
    request: { params: idParams, body: body(AdminEmptyBody) },
    responses: {
      "202": json("Queued", z.object({ message_id: z.string(), delivery_id: z.string() })),
      ...errors(400, 401, 403, 404),
    },
  })
  registry.registerPath({
    method: "get",
    path: "/admin/webhooks/{id}/deliveries",
    tags,
    summary: "The delivery log: deliveries, newest first, with every attempt",
    security: security.admin,
    request: { params: idParams, query: AdminListWebhookDeliveriesParams },
    responses: {
      "200": json("Deliveries", listOf("deliveries", WebhookDelivery)),
      ...errors(400, 401, 403, 404),
    },
  })
  registry.registerPath({
    method: "post",
    path: "/admin/webhooks/deliveries/{id}/redeliver",
    tags,
    summary: "Queue a delivery again now, with its original webhook-id",
    security: security.admin,
    request: { params: idParams, body: body(AdminEmptyBody) },
    responses: {
      "202": json("Queued", z.object({ delivery: WebhookDelivery })),
      ...errors(400, 401, 403, 404),
    },
  })
}

export const webhooksPaths: PathModule = {
  tag: "Webhooks",
  description:
    "Signed outbound webhooks (Standard Webhooks) to merchants' systems: endpoints, secrets, delivery log. Payloads: docs/webhooks.md.",
  register,
}
