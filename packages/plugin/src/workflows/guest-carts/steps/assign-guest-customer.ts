import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  type GuestCustomerUndo,
  pointCartAtGuestCustomer,
  undoGuestCustomer,
} from "../helpers/guest-customer"

export type AssignGuestCustomerInput = { cart_id: string; email: string }

/**
 * Points the cart at the guest customer record (`has_account=false`) for the
 * e-mail, creating it when none exists, so Medusa never links an anonymous
 * shopper's cart to the registered account that owns the address.
 */
export const assignGuestCustomerStep = createStep(
  "assign-guest-customer",
  async (input: AssignGuestCustomerInput, { container }) => {
    const { customer_id, email, undo } = await pointCartAtGuestCustomer(
      container,
      input.cart_id,
      input.email
    )
    return new StepResponse({ customer_id, email }, undo)
  },
  async (undo: GuestCustomerUndo | undefined, { container }) => {
    await undoGuestCustomer(container, undo)
  }
)
