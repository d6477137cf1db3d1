import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { clearPaymentSessionContexts } from "../../../lib/internals/erasure-records"

export type ClearCartPaymentSessionsInput = { cart_ids: string[] }

/** Payment sessions keep the customer and address they were created with; retention clears them. */
export const clearCartPaymentSessionsStep = createStep(
  "clear-cart-payment-sessions",
  async (input: ClearCartPaymentSessionsInput, { container }) => {
    if (!input.cart_ids.length) return new StepResponse({ payment_sessions: 0 })
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "cart",
      fields: ["id", "payment_collection.id"],
      filters: { id: input.cart_ids },
    })
    const collections = (data as { payment_collection?: { id: string } | null }[])
      .map((c) => c.payment_collection?.id)
      .filter((id): id is string => !!id)
    const cleared = await clearPaymentSessionContexts(
      container.resolve(Modules.PAYMENT),
      collections
    )
    return new StepResponse({ payment_sessions: cleared })
  }
)
