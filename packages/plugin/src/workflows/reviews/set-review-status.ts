import type { AdditionalData } from "@medusajs/framework/types"
import {
  createHook,
  createWorkflow,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { type ModerationStatus, setReviewStatusStep } from "./steps/set-review-status"

export type SetReviewStatusInput = { ids: string[]; status: ModerationStatus } & AdditionalData

/**
 * Approves or rejects one or many reviews (the admin moderation queue).
 *
 * Hooks (docs/extending.md): `validate` before any status changes, `reviewsModerated`
 * after, with the ids whose status actually changed.
 */
export const setReviewStatusWorkflow = createWorkflow(
  "set-review-status",
  (input: SetReviewStatusInput) => {
    const validate = createHook("validate", { input })
    const result = setReviewStatusStep(
      transform({ input }, ({ input }) => ({ ids: input.ids, status: input.status }))
    )
    const event = transform({ input, result }, ({ input, result }) => ({
      name: `review.${input.status}`,
      data: result.changed.map((id) => ({ id })),
    }))
    emitEventStep({ eventName: event.name, data: event.data })
    const reviewsModerated = createHook("reviewsModerated", {
      ids: result.changed,
      status: input.status,
      additional_data: input.additional_data,
    })
    return new WorkflowResponse(result, { hooks: [validate, reviewsModerated] })
  }
)
