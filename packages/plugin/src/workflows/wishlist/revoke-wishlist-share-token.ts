import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { getOrCreateWishlistStep } from "./steps/get-or-create-wishlist"
import { setWishlistShareTokenStep } from "./steps/set-wishlist-share-token"

export type RevokeWishlistShareTokenInput = { customer_id: string; sales_channel_id: string }

/** Idempotent: revoking when nothing is shared succeeds and changes nothing. */
export const revokeWishlistShareTokenWorkflow = createWorkflow(
  "revoke-wishlist-share-token",
  (input: RevokeWishlistShareTokenInput) => {
    const wishlist = getOrCreateWishlistStep(input)
    const result = setWishlistShareTokenStep({ wishlist_id: wishlist.id, action: "revoke" })
    return new WorkflowResponse(result)
  }
)
