import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export type FindPurchaseInput = { customer_id: string; product_id: string; order_id?: string }

// The fields the step asks query.graph for.
type OrderRow = {
  id: string
  status: string
  is_draft_order?: boolean | null
  created_at: Date | string
  items?: ({ product_id?: string | null } | null)[] | null
}

// Orders in these states never count as a purchase.
const NOT_PLACED = new Set(["canceled", "draft"])

/**
 * A purchase is verified when one of the customer's placed orders contains the
 * product. A given order_id must be such an order.
 */
export const findPurchaseStep = createStep(
  "find-review-purchase",
  async (input: FindPurchaseInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: orders } = await query.graph({
      entity: "order",
      fields: ["id", "status", "is_draft_order", "created_at", "items.product_id"],
      filters: { customer_id: input.customer_id },
    })
    const rows: OrderRow[] = orders
    const matching = rows
      .filter((o) => !NOT_PLACED.has(o.status) && !o.is_draft_order)
      .filter((o) => (o.items ?? []).some((i) => i?.product_id === input.product_id))
      .sort((a, b) => +new Date(b.created_at) - +new Date(a.created_at))
    if (input.order_id) {
      const order = matching.find((o) => o.id === input.order_id)
      if (!order) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          "order_id must be one of your placed orders containing this product"
        )
      }
      return new StepResponse({ verified: true, order_id: order.id })
    }
    return new StepResponse({
      verified: matching.length > 0,
      order_id: matching[0]?.id ?? null,
    })
  }
)
