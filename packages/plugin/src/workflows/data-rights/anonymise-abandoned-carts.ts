import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { anonymiseCartsStep } from "./steps/anonymise-carts"

export type AnonymiseAbandonedCartsInput = { cart_ids: string[] }

/** Retention: carts never completed drop their e-mail and addresses (items and totals stay). */
export const anonymiseAbandonedCartsWorkflow = createWorkflow(
  "anonymise-abandoned-carts",
  (input: AnonymiseAbandonedCartsInput) =>
    new WorkflowResponse(anonymiseCartsStep({ cart_ids: input.cart_ids }))
)
