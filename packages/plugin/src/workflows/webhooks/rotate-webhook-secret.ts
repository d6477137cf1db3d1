import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { rotateWebhookSecretStep } from "./steps/webhook-endpoint"

export type RotateWebhookSecretInput = { id: string; window_hours?: number }

/** A new secret; the previous one keeps signing during the rotation window. */
export const rotateWebhookSecretWorkflow = createWorkflow(
  "rotate-webhook-secret",
  (input: RotateWebhookSecretInput) => new WorkflowResponse(rotateWebhookSecretStep(input))
)
