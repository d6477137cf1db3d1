import { createHook, createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  assignGuestCustomerStep,
  type AssignGuestCustomerInput,
} from "./steps/assign-guest-customer"

export type AssignGuestCustomerToCartInput = AssignGuestCustomerInput

/**
 * Keeps an anonymous shopper's cart a guest cart when its e-mail belongs to an account.
 * Hook `guestCustomerAssigned` runs after (docs/extending.md).
 */
export const assignGuestCustomerToCartWorkflow = createWorkflow(
  "assign-guest-customer-to-cart",
  (input: AssignGuestCustomerToCartInput) => {
    const assigned = assignGuestCustomerStep(input)
    const guestCustomerAssigned = createHook("guestCustomerAssigned", {
      cart_id: input.cart_id,
      customer_id: assigned.customer_id,
      email: assigned.email,
    })
    return new WorkflowResponse(assigned, { hooks: [guestCustomerAssigned] })
  }
)
