import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { removeWishlistItemStep } from "./steps/remove-wishlist-item"
import { retrieveOwnedWishlistItemStep } from "./steps/retrieve-owned-wishlist-item"

export type RemoveWishlistItemInput = {
  item_id: string
  customer_id: string
  sales_channel_id: string
}

export const removeWishlistItemWorkflow = createWorkflow(
  "remove-wishlist-item",
  (input: RemoveWishlistItemInput) => {
    const item = retrieveOwnedWishlistItemStep(input)
    const removed = removeWishlistItemStep({ item_id: item.id })
    return new WorkflowResponse(removed)
  }
)
