import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { WEBHOOKS_MODULE } from "../../../../modules/webhooks"
import type WebhooksModuleService from "../../../../modules/webhooks/service"
import { publicEndpoint } from "../../../../lib/webhooks/public"
import { deleteWebhookEndpointWorkflow } from "../../../../workflows/webhooks/delete-webhook-endpoint"
import { updateWebhookEndpointWorkflow } from "../../../../workflows/webhooks/update-webhook-endpoint"
import type { AdminUpdateWebhookType } from "../validators"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const service = req.scope.resolve<WebhooksModuleService>(WEBHOOKS_MODULE)
  const endpoint = await service.retrieveWebhookEndpoint(req.params.id)
  res.json({ webhook: publicEndpoint(endpoint) })
}

export const POST = async (
  req: AuthenticatedMedusaRequest<AdminUpdateWebhookType>,
  res: MedusaResponse
) => {
  const { result } = await updateWebhookEndpointWorkflow(req.scope).run({
    input: { ...req.validatedBody, id: req.params.id },
  })
  res.json({ webhook: publicEndpoint(result) })
}

export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await deleteWebhookEndpointWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ id: req.params.id, object: "webhook", deleted: true })
}
