import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deleteWebhookEndpointStep } from "./steps/webhook-endpoint"

/** Soft-deletes an endpoint: nothing more is queued or delivered to it; its log stays. */
export const deleteWebhookEndpointWorkflow = createWorkflow(
  "delete-webhook-endpoint",
  (input: { id: string }) => new WorkflowResponse(deleteWebhookEndpointStep(input.id))
)
