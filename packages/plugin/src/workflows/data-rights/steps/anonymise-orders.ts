import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { UpdateOrderAddressDTO } from "@medusajs/framework/types"
import {
  addressesOf,
  anonymisedEmail,
  BLANK_ADDRESS,
  type BlankableAddress as Address,
  pickAddress,
} from "../../../lib/data-rights"

export type AnonymiseOrdersInput = { customer_id: string }

type OrderRow = {
  id: string
  email: string | null
  shipping_address?: Address | null
  billing_address?: Address | null
}
type Before = { orders: { id: string; email: string | null }[]; addresses: Address[] }

// Medusa's address DTO types leave out null; the columns are nullable and null clears them.
const asUpdate = (a: Address): UpdateOrderAddressDTO => a as unknown as UpdateOrderAddressDTO

/**
 * Replaces the e-mail on the customer's orders and blanks their addresses. Order numbers,
 * items, amounts, taxes, payments and dates stay (tax law keeps them).
 */
export const anonymiseOrdersStep = createStep(
  "anonymise-orders",
  async (input: AnonymiseOrdersInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "order",
      fields: ["id", "email", "shipping_address.*", "billing_address.*"],
      filters: { customer_id: input.customer_id },
    })
    const orders = data as OrderRow[]
    const addresses = addressesOf(orders)
    const before: Before = {
      orders: orders.map((o) => ({ id: o.id, email: o.email })),
      addresses: addresses.map(pickAddress),
    }
    if (!orders.length) return new StepResponse({ orders: 0 }, before)
    const orderModule = container.resolve(Modules.ORDER)
    const email = anonymisedEmail(input.customer_id)
    await orderModule.updateOrders(orders.map((o) => ({ id: o.id, email })))
    if (addresses.length) {
      await orderModule.updateOrderAddresses(
        addresses.map((a) => asUpdate({ id: a.id, ...BLANK_ADDRESS }))
      )
    }
    return new StepResponse({ orders: orders.length }, before)
  },
  async (before, { container }) => {
    if (!before?.orders.length) return
    const orderModule = container.resolve(Modules.ORDER)
    await orderModule.updateOrders(
      before.orders.map((o) => ({ id: o.id, email: o.email ?? undefined }))
    )
    if (before.addresses.length)
      await orderModule.updateOrderAddresses(before.addresses.map(asUpdate))
  }
)
