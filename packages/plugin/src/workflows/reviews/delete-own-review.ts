import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { deleteReviewsStep } from "./steps/delete-reviews"
import { findOwnReviewStep } from "./steps/find-own-review"

/** Deletes the customer's own review of a product; nobody else's can be reached. */
export const deleteOwnReviewWorkflow = createWorkflow(
  "delete-own-review",
  (input: { product_id: string; customer_id: string }) => {
    const review = findOwnReviewStep(input)
    const ids = transform({ review }, ({ review }) => [review.id])
    deleteReviewsStep({ ids })
    emitEventStep({
      eventName: "review.deleted",
      data: transform({ review }, ({ review }) => ({
        id: review.id,
        product_id: review.product_id,
      })),
    })
    return new WorkflowResponse(transform({ review }, ({ review }) => ({ id: review.id })))
  }
)
