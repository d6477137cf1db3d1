import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { deleteReviewsStep } from "./steps/delete-reviews"

/** Admin deletion of reviews by id. */
export const deleteReviewsWorkflow = createWorkflow(
  "delete-reviews",
  (input: { ids: string[] }) => {
    const result = deleteReviewsStep(input)
    emitEventStep({
      eventName: "review.deleted",
      data: transform({ result }, ({ result }) => result.ids.map((id) => ({ id }))),
    })
    return new WorkflowResponse(result)
  }
)
