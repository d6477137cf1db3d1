import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"

export type CartMayGetPromotionsInput = {
  promotion_codes: string[]
  adjustment_count: number
}

/**
 * Whether Medusa's promotion recomputation could change anything on this cart: it has
 * codes, it carries adjustments (which a recomputation may remove), or any automatic
 * promotion exists (whatever its status or dates; Medusa decides whether it applies).
 * One indexed `take: 1` read of the promotion table, only when the cart has neither.
 */
export const cartMayGetPromotionsStep = createStep(
  "lean-cart-may-get-promotions",
  async (input: CartMayGetPromotionsInput, { container }) => {
    if (input.promotion_codes.length > 0 || input.adjustment_count > 0) {
      return new StepResponse(true)
    }
    const promotions = container.resolve(Modules.PROMOTION)
    const automatic = await promotions.listPromotions(
      { is_automatic: true },
      { take: 1, select: ["id"] }
    )
    return new StepResponse(automatic.length > 0)
  }
)
