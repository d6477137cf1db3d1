import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { addToCartWorkflow } from "@medusajs/medusa/core-flows"
import { removeWishlistItemStep } from "./steps/remove-wishlist-item"
import { retrieveOwnedWishlistItemStep } from "./steps/retrieve-owned-wishlist-item"
import { validateCartForCustomerStep } from "./steps/validate-cart-for-customer"

export type MoveWishlistItemToCartInput = {
  item_id: string
  customer_id: string
  sales_channel_id: string
  cart_id: string
  quantity?: number
}

/**
 * Removes the item from the wishlist, then adds its variant to the cart. When the cart
 * step fails (stock, price, sales channel, ...) compensation restores the wishlist item.
 */
export const moveWishlistItemToCartWorkflow = createWorkflow(
  "move-wishlist-item-to-cart",
  (input: MoveWishlistItemToCartInput) => {
    const item = retrieveOwnedWishlistItemStep({
      item_id: input.item_id,
      customer_id: input.customer_id,
      sales_channel_id: input.sales_channel_id,
    })
    validateCartForCustomerStep({ cart_id: input.cart_id, customer_id: input.customer_id })
    removeWishlistItemStep({ item_id: item.id })
    const items = transform({ item, input }, ({ item, input }) => [
      { variant_id: item.variant_id, quantity: input.quantity ?? 1 },
    ])
    addToCartWorkflow.runAsStep({ input: { cart_id: input.cart_id, items } })
    const result = transform({ item, input }, ({ item, input }) => ({
      cart_id: input.cart_id,
      variant_id: item.variant_id,
      removed_item_id: item.id,
    }))
    return new WorkflowResponse(result)
  }
)
