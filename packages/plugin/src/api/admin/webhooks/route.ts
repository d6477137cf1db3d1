import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { WEBHOOKS_MODULE } from "../../../modules/webhooks"
import type WebhooksModuleService from "../../../modules/webhooks/service"
import { WEBHOOK_EVENT_TYPES } from "../../../lib/webhooks/events"
import { publicEndpoint } from "../../../lib/webhooks/public"
import { createWebhookEndpointWorkflow } from "../../../workflows/webhooks/create-webhook-endpoint"
import type { AdminCreateWebhookType, AdminListWebhooksParamsType } from "./validators"

/** Endpoints, newest first, and the event types one can subscribe to. */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminListWebhooksParamsType>,
  res: MedusaResponse
) => {
  const { limit, offset } = req.validatedQuery
  const service = req.scope.resolve<WebhooksModuleService>(WEBHOOKS_MODULE)
  const [rows, count] = await service.listAndCountWebhookEndpoints(
    {},
    { take: limit, skip: offset, order: { created_at: "DESC" } }
  )
  res.json({
    webhooks: rows.map((row) => publicEndpoint(row)),
    count,
    limit,
    offset,
    event_types: WEBHOOK_EVENT_TYPES,
  })
}

/** Creates an endpoint; the answer holds its secret, the only time it is shown. */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminCreateWebhookType>,
  res: MedusaResponse
) => {
  const { result } = await createWebhookEndpointWorkflow(req.scope).run({
    input: req.validatedBody,
  })
  res.status(201).json({ webhook: publicEndpoint(result.endpoint), secret: result.secret })
}
