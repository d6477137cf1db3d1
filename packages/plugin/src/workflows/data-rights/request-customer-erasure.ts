import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { useQueryGraphStep } from "@medusajs/medusa/core-flows"
import { storefrontUrl } from "../../lib/email-verification"
import { sendEmailNotificationStep } from "../email-verification/steps/send-notification"
import { issueErasureTokenStep } from "./steps/schedule-erasure"

export type RequestCustomerErasureInput = { customer_id: string }

type Customer = { id: string; email: string; first_name?: string | null }

/** A customer asks to be erased: a confirmation token is mailed to their address. */
export const requestCustomerErasureWorkflow = createWorkflow(
  "request-customer-erasure",
  (input: RequestCustomerErasureInput) => {
    const { data: customers } = useQueryGraphStep({
      entity: "customer",
      fields: ["id", "email", "first_name"],
      filters: { id: input.customer_id },
      options: { throwIfKeyNotFound: true },
    }).config({ name: "erasure-customer" })
    const customer = transform({ customers }, ({ customers }): Customer => customers[0])
    const issued = issueErasureTokenStep({ customer_id: input.customer_id })
    sendEmailNotificationStep(
      transform({ customer, issued }, ({ customer, issued }) => ({
        to: customer.email,
        template: "data-erasure-confirmation",
        data: {
          first_name: customer.first_name,
          token: issued.token,
          url: `${storefrontUrl()}/account/erasure?token=${encodeURIComponent(issued.token)}`,
        },
      }))
    )
    return new WorkflowResponse(
      transform({ issued }, ({ issued }) => ({
        request_id: issued.request_id,
        status: "awaiting_confirmation" as const,
        token_expires_at: issued.expires_at,
      }))
    )
  }
)
