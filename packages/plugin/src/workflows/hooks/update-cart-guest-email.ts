import { refreshCartItemsWorkflow, updateCartWorkflow } from "@medusajs/medusa/core-flows"
import { Modules } from "@medusajs/framework/utils"
import { StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  type GuestCustomerUndo,
  pointCartAtGuestCustomer,
  undoGuestCustomer,
} from "../guest-carts/helpers/guest-customer"
import { featureEnabled } from "../../lib/plugin-options"

/** The validate hook's finding, read back by cartUpdated. */
type GuestEmail = { email: string } | undefined

/**
 * Decision 0024 inside Medusa's update workflow (decision 0114): Medusa's
 * findOrCreateCustomerStep links a cart without a customer to the registered
 * account that owns the new e-mail. A cart without a customer is a guest's
 * (a logged-in shopper's cart is claimed before it is written), so it must stay
 * a guest cart. `validate` sees the cart before and after the prepared update
 * and records the case; `cartUpdated` — the last step, so a failed update never
 * gets here and Medusa's compensation leaves the cart as it was — points the
 * cart at the e-mail's guest record and prices it again as that guest.
 */
updateCartWorkflow.hooks.validate(async ({ input, cart }, { container }) => {
  if (!featureEnabled("security")) return
  const next = input as { customer_id?: string | null; email?: string | null }
  if (cart.customer_id || !next.customer_id || !next.email)
    return new StepResponse<GuestEmail>(undefined)
  const customer = await container
    .resolve(Modules.CUSTOMER)
    .retrieveCustomer(next.customer_id, { select: ["id", "email", "has_account"] })
  if (!customer.has_account) return new StepResponse<GuestEmail>(undefined)
  return new StepResponse<GuestEmail>({ email: next.email })
})

updateCartWorkflow.hooks.cartUpdated(
  async ({ cart }, context) => {
    // Medusa's own hook results are read this way too (createHook's getResult).
    const found = context[" getStepResult"]("validate") as GuestEmail
    if (!found) return new StepResponse(undefined, undefined as GuestCustomerUndo | undefined)
    const { container } = context
    const { undo } = await pointCartAtGuestCustomer(container, cart.id, found.email)
    try {
      // Items were priced for the account's customer groups: price them for the guest.
      // As a sub-workflow it runs under the lock the update already holds.
      await refreshCartItemsWorkflow(container).run({
        input: { cart_id: cart.id, force_refresh: true },
        context: {
          eventGroupId: context.eventGroupId,
          parentStepIdempotencyKey: context.idempotencyKey,
          preventReleaseEvents: true,
        },
      })
    } catch (e) {
      await undoGuestCustomer(container, undo)
      throw e
    }
    return new StepResponse(undefined, undo)
  },
  async (undo, { container }) => {
    await undoGuestCustomer(container, undo)
  }
)
