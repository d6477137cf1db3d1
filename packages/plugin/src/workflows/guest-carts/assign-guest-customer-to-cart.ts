import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  assignGuestCustomerStep,
  type AssignGuestCustomerInput,
} from "./steps/assign-guest-customer"

/** Keeps an anonymous shopper's cart a guest cart when its e-mail belongs to an account. */
export const assignGuestCustomerToCartWorkflow = createWorkflow(
  "assign-guest-customer-to-cart",
  (input: AssignGuestCustomerInput) => new WorkflowResponse(assignGuestCustomerStep(input))
)
