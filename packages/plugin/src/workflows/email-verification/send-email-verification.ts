import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { useQueryGraphStep } from "@medusajs/medusa/core-flows"
import { storefrontUrl } from "../../lib/email-verification"
import { issueVerificationTokenStep } from "./steps/issue-verification-token"
import { sendEmailNotificationStep } from "./steps/send-notification"

export type SendEmailVerificationInput = { customer_id: string }

/** Issues a fresh verification token for a registered customer and mails it. */
export const sendEmailVerificationWorkflow = createWorkflow(
  "send-email-verification",
  (input: SendEmailVerificationInput) => {
    const { data: customers } = useQueryGraphStep({
      entity: "customer",
      fields: ["id", "email", "first_name", "has_account"],
      filters: { id: input.customer_id },
      options: { throwIfKeyNotFound: true },
    })
    const customer = transform({ customers }, ({ customers }) => customers[0] as any)
    const issued = issueVerificationTokenStep(
      transform({ customer }, ({ customer }) => ({
        customer_id: customer.id,
        email: customer.email,
      }))
    )
    const mail = transform({ customer, issued }, ({ customer, issued }) => ({
      to: customer.email,
      template: "email-verification",
      data: {
        first_name: customer.first_name,
        token: issued.token,
        url: `${storefrontUrl()}/account/verify-email?token=${encodeURIComponent(issued.token)}`,
      },
    }))
    sendEmailNotificationStep(mail)
    return new WorkflowResponse({ verification_id: issued.verification_id })
  }
)
