import { createHook, createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { removeWishlistItemStep } from "./steps/remove-wishlist-item"
import { retrieveOwnedWishlistItemStep } from "./steps/retrieve-owned-wishlist-item"

export type RemoveWishlistItemInput = {
  item_id: string
  customer_id: string
  sales_channel_id: string
}

/** Hook `wishlistItemRemoved` runs after the item is removed (docs/extending.md). */
export const removeWishlistItemWorkflow = createWorkflow(
  "remove-wishlist-item",
  (input: RemoveWishlistItemInput) => {
    const item = retrieveOwnedWishlistItemStep(input)
    const removed = removeWishlistItemStep({ item_id: item.id })
    const wishlistItemRemoved = createHook("wishlistItemRemoved", { item })
    return new WorkflowResponse(removed, { hooks: [wishlistItemRemoved] })
  }
)
