import type { assignGuestCustomerToCartWorkflow } from "../workflows/guest-carts/assign-guest-customer-to-cart"
import type { HookInput, WorkflowOutput } from "./workflows"

export type { AssignGuestCustomerToCartInput } from "../workflows/guest-carts/assign-guest-customer-to-cart"
export type AssignGuestCustomerToCartOutput = WorkflowOutput<
  typeof assignGuestCustomerToCartWorkflow
>
export type GuestCustomerAssignedHookInput = HookInput<
  typeof assignGuestCustomerToCartWorkflow,
  "guestCustomerAssigned"
>
