import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { UpdateAddressDTO } from "@medusajs/framework/types"
import {
  addressesOf,
  anonymisedEmail,
  BLANK_ADDRESS,
  type BlankableAddress as Address,
  pickAddress,
} from "../../../lib/data-rights"

/** The carts of one customer, or the given carts (abandoned-cart retention). */
export type AnonymiseCartsInput = { customer_id: string } | { cart_ids: string[] }

type CartRow = {
  id: string
  email: string | null
  shipping_address?: Address | null
  billing_address?: Address | null
}
type Before = { carts: { id: string; email: string | null }[]; addresses: Address[] }

// Medusa's address DTO types leave out null; the columns are nullable and null clears them.
const asUpdate = (a: Address): UpdateAddressDTO => a as unknown as UpdateAddressDTO

/** Replaces the e-mail on carts and blanks their addresses; totals and items stay. */
export const anonymiseCartsStep = createStep(
  "anonymise-carts",
  async (input: AnonymiseCartsInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const filters =
      "customer_id" in input ? { customer_id: input.customer_id } : { id: input.cart_ids }
    const { data } = await query.graph({
      entity: "cart",
      fields: ["id", "email", "shipping_address.*", "billing_address.*"],
      filters,
    })
    const carts = data as CartRow[]
    const addresses = addressesOf(carts)
    const before: Before = {
      carts: carts.map((c) => ({ id: c.id, email: c.email })),
      addresses: addresses.map(pickAddress),
    }
    if (!carts.length) return new StepResponse({ carts: 0 }, before)
    const cartModule = container.resolve(Modules.CART)
    await cartModule.updateCarts(
      carts.map((c) => ({
        id: c.id,
        // An erased customer's carts get their anonymised address; retention drops it.
        email: "customer_id" in input ? anonymisedEmail(input.customer_id) : null,
      }))
    )
    if (addresses.length) {
      await cartModule.updateAddresses(
        addresses.map((a) => asUpdate({ id: a.id, ...BLANK_ADDRESS }))
      )
    }
    return new StepResponse({ carts: carts.length }, before)
  },
  async (before, { container }) => {
    if (!before?.carts.length) return
    const cartModule = container.resolve(Modules.CART)
    await cartModule.updateCarts(before.carts.map((c) => ({ id: c.id, email: c.email })))
    if (before.addresses.length) await cartModule.updateAddresses(before.addresses.map(asUpdate))
  }
)
