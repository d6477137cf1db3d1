import type { AdditionalData } from "@medusajs/framework/types"
import {
  createHook,
  createWorkflow,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { deleteReviewsStep } from "./steps/delete-reviews"

export type DeleteReviewsInput = { ids: string[] } & AdditionalData

/** Admin deletion of reviews by id. Hook `reviewsDeleted` runs after (docs/extending.md). */
export const deleteReviewsWorkflow = createWorkflow(
  "delete-reviews",
  (input: DeleteReviewsInput) => {
    const result = deleteReviewsStep(transform({ input }, ({ input }) => ({ ids: input.ids })))
    emitEventStep({
      eventName: "review.deleted",
      data: transform({ result }, ({ result }) => result.ids.map((id) => ({ id }))),
    })
    const reviewsDeleted = createHook("reviewsDeleted", {
      ids: result.ids,
      additional_data: input.additional_data,
    })
    return new WorkflowResponse(result, { hooks: [reviewsDeleted] })
  }
)
