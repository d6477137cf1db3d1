import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { requeueWebhookDeliveryStep } from "./steps/webhook-endpoint"

/** Manual redelivery: the delivery is queued again with the same webhook-id. */
export const redeliverWebhookWorkflow = createWorkflow(
  "redeliver-webhook",
  (input: { id: string }) => new WorkflowResponse(requeueWebhookDeliveryStep(input.id))
)
