import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { recordAuditStep } from "../email-verification/steps/record-audit"
import { collectCustomerDataStep } from "./steps/collect-customer-data"

export type ExportCustomerDataInput = {
  customer_id: string
  /** Who asked: the customer themselves or an admin user. */
  actor_type: "customer" | "user"
  actor_id: string
}

/** Builds the customer's data export (GDPR Art. 15/20) and records that it was taken. */
export const exportCustomerDataWorkflow = createWorkflow(
  "export-customer-data",
  (input: ExportCustomerDataInput) => {
    const document = collectCustomerDataStep({ customer_id: input.customer_id })
    recordAuditStep({
      kind: "admin",
      action: "data_rights.customer_exported",
      actor_type: input.actor_type,
      actor_id: input.actor_id,
      target_id: input.customer_id,
    })
    return new WorkflowResponse(document)
  }
)
