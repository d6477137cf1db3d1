import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { sendTestWebhookWorkflow } from "../../../../../workflows/webhooks/send-test-webhook"

/** Queues a `webhook.test` event for this endpoint; 202: the worker delivers it. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await sendTestWebhookWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.status(202).json({ message_id: result.message_id, delivery_id: result.delivery_ids[0] })
}
