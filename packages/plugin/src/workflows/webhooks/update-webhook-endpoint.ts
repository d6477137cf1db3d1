import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  updateWebhookEndpointStep,
  validateWebhookEndpointStep,
  type WebhookEndpointFields,
} from "./steps/webhook-endpoint"

export type UpdateWebhookEndpointInput = WebhookEndpointFields & { id: string }

/** Changes URL, events, description, headers or enabled (enabling resets the failure count). */
export const updateWebhookEndpointWorkflow = createWorkflow(
  "update-webhook-endpoint",
  (input: UpdateWebhookEndpointInput) => {
    validateWebhookEndpointStep(input)
    return new WorkflowResponse(updateWebhookEndpointStep(input))
  }
)
