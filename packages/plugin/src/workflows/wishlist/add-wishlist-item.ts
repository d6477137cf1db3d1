import type { AdditionalData } from "@medusajs/framework/types"
import { createHook, createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { addWishlistItemStep } from "./steps/add-wishlist-item"
import { getOrCreateWishlistStep } from "./steps/get-or-create-wishlist"
import { validateWishlistVariantStep } from "./steps/validate-wishlist-variant"

export type AddWishlistItemInput = {
  customer_id: string
  sales_channel_id: string
  variant_id: string
} & AdditionalData

/**
 * Idempotent: adding a variant that is already on the wishlist returns that item.
 *
 * Hooks (docs/extending.md): `validate` once the variant is known to be sellable and before
 * anything is written (not even the wishlist is created); `wishlistItemAdded` after.
 */
export const addWishlistItemWorkflow = createWorkflow(
  "add-wishlist-item",
  (input: AddWishlistItemInput) => {
    const variant = validateWishlistVariantStep({
      variant_id: input.variant_id,
      sales_channel_id: input.sales_channel_id,
    })
    const validate = createHook("validate", { input, variant })
    const wishlist = getOrCreateWishlistStep({
      customer_id: input.customer_id,
      sales_channel_id: input.sales_channel_id,
    })
    const result = addWishlistItemStep({ wishlist_id: wishlist.id, variant_id: input.variant_id })
    const wishlistItemAdded = createHook("wishlistItemAdded", {
      wishlist_id: wishlist.id,
      item: result.item,
      created: result.created,
      additional_data: input.additional_data,
    })
    return new WorkflowResponse(result, { hooks: [validate, wishlistItemAdded] })
  }
)
