import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { getOrCreateWishlistStep } from "./steps/get-or-create-wishlist"
import { setWishlistShareTokenStep } from "./steps/set-wishlist-share-token"

export type CreateWishlistShareTokenInput = { customer_id: string; sales_channel_id: string }

/** Returns the wishlist's share token, creating one (256 random bits) if there is none. */
export const createWishlistShareTokenWorkflow = createWorkflow(
  "create-wishlist-share-token",
  (input: CreateWishlistShareTokenInput) => {
    const wishlist = getOrCreateWishlistStep(input)
    const result = setWishlistShareTokenStep({ wishlist_id: wishlist.id, action: "create" })
    return new WorkflowResponse(result)
  }
)
