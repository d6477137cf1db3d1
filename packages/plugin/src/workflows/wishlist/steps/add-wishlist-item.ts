import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { WISHLIST_MODULE } from "../../../modules/wishlist"
import type WishlistModuleService from "../../../modules/wishlist/service"

export type AddWishlistItemStepInput = { wishlist_id: string; variant_id: string }

export const addWishlistItemStep = createStep(
  "add-wishlist-item",
  async (input: AddWishlistItemStepInput, { container }) => {
    const service: WishlistModuleService = container.resolve(WISHLIST_MODULE)
    const { item, created } = await service.addVariant(input.wishlist_id, input.variant_id)
    return new StepResponse({ item, created }, created ? item.id : undefined)
  },
  // An item that was already there before this run is left alone.
  async (createdId, { container }) => {
    if (!createdId) return
    const service: WishlistModuleService = container.resolve(WISHLIST_MODULE)
    await service.deleteWishlistItems(createdId)
  }
)
