import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { removeDeletedVariantsStep } from "./steps/remove-deleted-variants"

export type RemoveDeletedVariantsFromWishlistsInput = { variant_ids: string[] }

export const removeDeletedVariantsFromWishlistsWorkflow = createWorkflow(
  "remove-deleted-variants-from-wishlists",
  (input: RemoveDeletedVariantsFromWishlistsInput) => {
    const removed = removeDeletedVariantsStep(input)
    return new WorkflowResponse(removed)
  }
)
