import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { getOrCreateWishlistStep } from "./steps/get-or-create-wishlist"

export type GetOrCreateWishlistInput = { customer_id: string; sales_channel_id: string }

export const getOrCreateWishlistWorkflow = createWorkflow(
  "get-or-create-wishlist",
  (input: GetOrCreateWishlistInput) => {
    const wishlist = getOrCreateWishlistStep(input)
    return new WorkflowResponse(wishlist)
  }
)
