import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { WISHLIST_MODULE } from "../../../modules/wishlist"
import type WishlistModuleService from "../../../modules/wishlist/service"

export type RetrieveOwnedWishlistItemStepInput = {
  item_id: string
  customer_id: string
  sales_channel_id: string
}

/** Someone else's item reads exactly like a missing one. */
export const retrieveOwnedWishlistItemStep = createStep(
  "retrieve-owned-wishlist-item",
  async (input: RetrieveOwnedWishlistItemStepInput, { container }) => {
    const service: WishlistModuleService = container.resolve(WISHLIST_MODULE)
    const [item] = await service.listWishlistItems(
      { id: input.item_id },
      { relations: ["wishlist"] }
    )
    if (
      !item ||
      item.wishlist?.customer_id !== input.customer_id ||
      item.wishlist?.sales_channel_id !== input.sales_channel_id
    ) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Wishlist item with id: ${input.item_id} was not found`
      )
    }
    return new StepResponse({
      id: item.id,
      variant_id: item.variant_id,
      wishlist_id: item.wishlist.id,
    })
  }
)
