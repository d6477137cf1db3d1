import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

/** What pointing a cart at a guest record changed, to undo it. */
export type GuestCustomerUndo = {
  cart_id: string
  customer_id: string | null
  email: string | null
  created?: string
}

/**
 * Points the cart at the guest customer record (`has_account=false`) for the
 * e-mail, creating it when none exists (decision 0024).
 */
export async function pointCartAtGuestCustomer(
  container: MedusaContainer,
  cartId: string,
  rawEmail: string
): Promise<{ customer_id: string; email: string; undo: GuestCustomerUndo }> {
  const customers = container.resolve(Modules.CUSTOMER)
  const carts = container.resolve(Modules.CART)
  const email = rawEmail.toLowerCase()
  const before = await carts.retrieveCart(cartId, { select: ["id", "customer_id", "email"] })
  let [guest] = await customers.listCustomers({ email, has_account: false }, { take: 1 })
  let created: string | undefined
  if (!guest) {
    guest = await customers.createCustomers({ email })
    created = guest.id
  }
  await carts.updateCarts(cartId, { customer_id: guest.id, email })
  const undo: GuestCustomerUndo = {
    cart_id: cartId,
    customer_id: before.customer_id ?? null,
    email: before.email ?? null,
    created,
  }
  return { customer_id: guest.id, email, undo }
}

/** Puts the cart's customer and e-mail back and removes a guest record made for it. */
export async function undoGuestCustomer(container: MedusaContainer, undo?: GuestCustomerUndo) {
  if (!undo) return
  await container
    .resolve(Modules.CART)
    .updateCarts(undo.cart_id, { customer_id: undo.customer_id, email: undo.email })
  if (undo.created) await container.resolve(Modules.CUSTOMER).deleteCustomers(undo.created)
}
