import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { REVIEWS_MODULE } from "../../../modules/reviews"
import type ReviewsModuleService from "../../../modules/reviews/service"

/**
 * Soft-deletes reviews (and their votes) so the step can be compensated by a
 * restore; the unique index ignores deleted rows, so the author may review again.
 */
export const deleteReviewsStep = createStep(
  "delete-reviews",
  async (input: { ids: string[] }, { container }) => {
    const service = container.resolve<ReviewsModuleService>(REVIEWS_MODULE)
    const found = await service.listReviews({ id: input.ids }, { select: ["id"] })
    const missing = input.ids.filter((id) => !found.some((r) => r.id === id))
    if (missing.length) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Reviews not found: ${missing.join(", ")}`)
    }
    await service.softDeleteReviews(input.ids)
    return new StepResponse({ ids: input.ids }, input.ids)
  },
  async (ids, { container }) => {
    if (!ids?.length) return
    await container.resolve<ReviewsModuleService>(REVIEWS_MODULE).restoreReviews(ids)
  }
)
