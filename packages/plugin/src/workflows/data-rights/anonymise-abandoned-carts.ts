import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { anonymiseCartsStep } from "./steps/anonymise-carts"
import { clearCartPaymentSessionsStep } from "./steps/clear-cart-payment-sessions"

export type AnonymiseAbandonedCartsInput = { cart_ids: string[] }

/** Retention: carts never completed drop their e-mail and addresses (items and totals stay). */
export const anonymiseAbandonedCartsWorkflow = createWorkflow(
  "anonymise-abandoned-carts",
  (input: AnonymiseAbandonedCartsInput) => {
    const carts = anonymiseCartsStep({ cart_ids: input.cart_ids })
    // Last: it cannot be undone.
    const sessions = clearCartPaymentSessionsStep({ cart_ids: input.cart_ids })
    return new WorkflowResponse(
      transform({ carts, sessions }, ({ carts, sessions }) => ({ ...carts, ...sessions }))
    )
  }
)
