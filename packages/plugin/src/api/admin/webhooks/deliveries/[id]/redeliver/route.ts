import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { publicDelivery } from "../../../../../../lib/webhooks/public"
import { redeliverWebhookWorkflow } from "../../../../../../workflows/webhooks/redeliver-webhook"

/** Queues the delivery again now, with its original webhook-id; 202: the worker sends it. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await redeliverWebhookWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.status(202).json({ delivery: publicDelivery(result, []) })
}
