import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { queueTestWebhookStep } from "./steps/webhook-endpoint"

/** Queues a `webhook.test` event for one endpoint; the worker delivers it. */
export const sendTestWebhookWorkflow = createWorkflow(
  "send-test-webhook",
  (input: { id: string }) => new WorkflowResponse(queueTestWebhookStep(input.id))
)
