import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export type FindPurchaseInput = { customer_id: string; product_id: string; order_id?: string }

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
    const matching = orders
      .filter((o: any) => !NOT_PLACED.has(o.status) && !o.is_draft_order)
      .filter((o: any) => (o.items ?? []).some((i: any) => i?.product_id === input.product_id))
      .sort((a: any, b: any) => +new Date(b.created_at) - +new Date(a.created_at))
    if (input.order_id) {
      const order = matching.find((o: any) => o.id === input.order_id)
      if (!order) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          "order_id must be one of your placed orders containing this product"
        )
      }
      return new StepResponse({ verified: true, order_id: order.id as string })
    }
    return new StepResponse({
      verified: matching.length > 0,
      order_id: (matching[0]?.id as string | undefined) ?? null,
    })
  }
)
