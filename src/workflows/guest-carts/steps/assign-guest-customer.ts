import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"

export type AssignGuestCustomerInput = { cart_id: string; email: string }

type Undo = { cart_id: string; customer_id: string | null; email: string | null; created?: string }

/**
 * Points the cart at the guest customer record (`has_account=false`) for the
 * e-mail, creating it when none exists, so Medusa never links an anonymous
 * shopper's cart to the registered account that owns the address.
 */
export const assignGuestCustomerStep = createStep(
  "assign-guest-customer",
  async (input: AssignGuestCustomerInput, { container }) => {
    const customers = container.resolve(Modules.CUSTOMER)
    const carts = container.resolve(Modules.CART)
    const email = input.email.toLowerCase()
    const before = await carts.retrieveCart(input.cart_id, {
      select: ["id", "customer_id", "email"],
    })
    let [guest] = await customers.listCustomers({ email, has_account: false }, { take: 1 })
    let created: string | undefined
    if (!guest) {
      guest = await customers.createCustomers({ email })
      created = guest.id
    }
    await carts.updateCarts(input.cart_id, { customer_id: guest.id, email })
    const undo: Undo = {
      cart_id: input.cart_id,
      customer_id: before.customer_id ?? null,
      email: before.email ?? null,
      created,
    }
    return new StepResponse({ customer_id: guest.id, email }, undo)
  },
  async (undo, { container }) => {
    if (!undo) return
    await container
      .resolve(Modules.CART)
      .updateCarts(undo.cart_id, { customer_id: undo.customer_id, email: undo.email })
    if (undo.created) await container.resolve(Modules.CUSTOMER).deleteCustomers(undo.created)
  }
)
