import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { WISHLIST_MODULE } from "../../../modules/wishlist"
import type WishlistModuleService from "../../../modules/wishlist/service"

export type GetOrCreateWishlistStepInput = { customer_id: string; sales_channel_id: string }

export const getOrCreateWishlistStep = createStep(
  "get-or-create-wishlist",
  async (input: GetOrCreateWishlistStepInput, { container }) => {
    const service: WishlistModuleService = container.resolve(WISHLIST_MODULE)
    const { wishlist, created } = await service.getOrCreateWishlist(
      input.customer_id,
      input.sales_channel_id
    )
    return new StepResponse(wishlist, created ? wishlist.id : undefined)
  },
  // Only a wishlist this run created is removed again.
  async (createdId, { container }) => {
    if (!createdId) return
    const service: WishlistModuleService = container.resolve(WISHLIST_MODULE)
    await service.deleteWishlists(createdId)
  }
)
