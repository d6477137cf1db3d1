import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { cancelErasureStep, type CancelErasureInput } from "./steps/schedule-erasure"

export type CancelCustomerErasureInput = CancelErasureInput

/** The customer withdraws their request during the grace period. */
export const cancelCustomerErasureWorkflow = createWorkflow(
  "cancel-customer-erasure",
  (input: CancelCustomerErasureInput) => new WorkflowResponse(cancelErasureStep(input))
)
