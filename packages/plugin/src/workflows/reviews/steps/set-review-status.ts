import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { REVIEWS_MODULE } from "../../../modules/reviews"
import type ReviewsModuleService from "../../../modules/reviews/service"

export type ModerationStatus = "approved" | "rejected"

/**
 * Moves reviews to approved or rejected. Returns the ids whose status changed
 * so that events fire once per actual transition.
 */
export const setReviewStatusStep = createStep(
  "set-review-status",
  async (input: { ids: string[]; status: ModerationStatus }, { container }) => {
    const service = container.resolve<ReviewsModuleService>(REVIEWS_MODULE)
    const ids = [...new Set(input.ids)]
    const reviews = await service.listReviews({ id: ids }, { select: ["id", "status"] })
    const missing = ids.filter((id) => !reviews.some((r) => r.id === id))
    if (missing.length) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Reviews not found: ${missing.join(", ")}`)
    }
    const changing = reviews.filter((r) => r.status !== input.status)
    if (changing.length) {
      await service.updateReviews({
        selector: { id: changing.map((r) => r.id) },
        data: { status: input.status },
      })
    }
    return new StepResponse(
      { changed: changing.map((r) => r.id) },
      changing.map((r) => ({ id: r.id, status: r.status }))
    )
  },
  async (previous, { container }) => {
    if (!previous?.length) return
    const service = container.resolve<ReviewsModuleService>(REVIEWS_MODULE)
    await service.updateReviews(previous)
  }
)
