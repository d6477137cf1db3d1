import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { addWishlistItemStep } from "./steps/add-wishlist-item"
import { getOrCreateWishlistStep } from "./steps/get-or-create-wishlist"
import { validateWishlistVariantStep } from "./steps/validate-wishlist-variant"

export type AddWishlistItemInput = {
  customer_id: string
  sales_channel_id: string
  variant_id: string
}

/** Idempotent: adding a variant that is already on the wishlist returns that item. */
export const addWishlistItemWorkflow = createWorkflow(
  "add-wishlist-item",
  (input: AddWishlistItemInput) => {
    validateWishlistVariantStep({
      variant_id: input.variant_id,
      sales_channel_id: input.sales_channel_id,
    })
    const wishlist = getOrCreateWishlistStep({
      customer_id: input.customer_id,
      sales_channel_id: input.sales_channel_id,
    })
    const result = addWishlistItemStep({ wishlist_id: wishlist.id, variant_id: input.variant_id })
    return new WorkflowResponse(result)
  }
)
