import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { type ModerationStatus, setReviewStatusStep } from "./steps/set-review-status"

/** Approves or rejects one or many reviews (the admin moderation queue). */
export const setReviewStatusWorkflow = createWorkflow(
  "set-review-status",
  (input: { ids: string[]; status: ModerationStatus }) => {
    const result = setReviewStatusStep(input)
    const event = transform({ input, result }, ({ input, result }) => ({
      name: `review.${input.status}`,
      data: result.changed.map((id) => ({ id })),
    }))
    emitEventStep({ eventName: event.name, data: event.data })
    return new WorkflowResponse(result)
  }
)
