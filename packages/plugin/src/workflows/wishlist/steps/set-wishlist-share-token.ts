import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { WISHLIST_MODULE } from "../../../modules/wishlist"
import type WishlistModuleService from "../../../modules/wishlist/service"
import { generateShareToken } from "../../../modules/wishlist/service"

export type SetWishlistShareTokenStepInput = {
  wishlist_id: string
  /** "create" keeps an existing token (idempotent); "revoke" clears it. */
  action: "create" | "revoke"
}

type ShareTokenResult = { share_token: string | null }
// id is null when nothing changed and there is nothing to undo.
type PreviousToken = { id: string | null; share_token: string | null }

export const setWishlistShareTokenStep = createStep(
  "set-wishlist-share-token",
  async (input: SetWishlistShareTokenStepInput, { container }) => {
    const service: WishlistModuleService = container.resolve(WISHLIST_MODULE)
    const wishlist = await service.retrieveWishlist(input.wishlist_id).catch(() => null)
    if (!wishlist) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, "Wishlist not found")
    }
    const previous = wishlist.share_token ?? null
    const next = input.action === "revoke" ? null : (previous ?? generateShareToken())
    if (next === previous) {
      return new StepResponse<ShareTokenResult, PreviousToken>(
        { share_token: next },
        { id: null, share_token: null }
      )
    }
    await service.updateWishlists({ id: wishlist.id, share_token: next })
    return new StepResponse<ShareTokenResult, PreviousToken>(
      { share_token: next },
      { id: wishlist.id, share_token: previous }
    )
  },
  async (previous, { container }) => {
    if (!previous?.id) return
    const service: WishlistModuleService = container.resolve(WISHLIST_MODULE)
    await service.updateWishlists({ id: previous.id, share_token: previous.share_token })
  }
)
