import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  createWebhookEndpointStep,
  validateWebhookEndpointStep,
  type WebhookEndpointFields,
} from "./steps/webhook-endpoint"

export type CreateWebhookEndpointInput = WebhookEndpointFields & { url: string; events: string[] }

/** Creates an endpoint with a new `whsec_` secret (returned once, by this workflow only). */
export const createWebhookEndpointWorkflow = createWorkflow(
  "create-webhook-endpoint",
  (input: CreateWebhookEndpointInput) => {
    validateWebhookEndpointStep(input)
    return new WorkflowResponse(createWebhookEndpointStep(input))
  }
)
