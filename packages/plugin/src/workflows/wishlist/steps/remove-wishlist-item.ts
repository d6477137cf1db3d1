import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { WISHLIST_MODULE } from "../../../modules/wishlist"
import type WishlistModuleService from "../../../modules/wishlist/service"

export type RemoveWishlistItemStepInput = { item_id: string }

// Soft delete so that compensation can restore the very same row.
export const removeWishlistItemStep = createStep(
  "remove-wishlist-item",
  async (input: RemoveWishlistItemStepInput, { container }) => {
    const service: WishlistModuleService = container.resolve(WISHLIST_MODULE)
    await service.softDeleteWishlistItems(input.item_id)
    return new StepResponse(input.item_id, input.item_id)
  },
  async (itemId, { container }) => {
    if (!itemId) return
    const service: WishlistModuleService = container.resolve(WISHLIST_MODULE)
    await service.restoreWishlistItems(itemId)
  }
)
