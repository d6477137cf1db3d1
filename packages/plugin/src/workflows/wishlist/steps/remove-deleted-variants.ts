import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { WISHLIST_MODULE } from "../../../modules/wishlist"
import type WishlistModuleService from "../../../modules/wishlist/service"

export type RemoveDeletedVariantsStepInput = { variant_ids: string[] }

/** Catalog deletions are final, so there is nothing to compensate. */
export const removeDeletedVariantsStep = createStep(
  "remove-deleted-wishlist-variants",
  async (input: RemoveDeletedVariantsStepInput, { container }) => {
    const service: WishlistModuleService = container.resolve(WISHLIST_MODULE)
    const removed = await service.removeVariants(input.variant_ids)
    return new StepResponse(removed)
  }
)
