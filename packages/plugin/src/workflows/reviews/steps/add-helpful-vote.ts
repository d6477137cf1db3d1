import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { REVIEWS_MODULE } from "../../../modules/reviews"
import type ReviewsModuleService from "../../../modules/reviews/service"

type Input = { review_id: string; customer_id: string }

/** Rules for a helpful vote: the review is published and not the voter's own. */
export const ensureReviewVotableStep = createStep(
  "ensure-review-votable",
  async (input: Input, { container }) => {
    const service = container.resolve<ReviewsModuleService>(REVIEWS_MODULE)
    const [review] = await service.listReviews({ id: input.review_id, status: "approved" })
    if (!review) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Review ${input.review_id} was not found`)
    }
    if (review.customer_id === input.customer_id) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "You cannot mark your own review helpful"
      )
    }
    return new StepResponse(review.id)
  }
)

export const addHelpfulVoteStep = createStep(
  "add-helpful-vote",
  async (input: Input, { container }) => {
    const service = container.resolve<ReviewsModuleService>(REVIEWS_MODULE)
    const result = await service.addHelpfulVote(input.review_id, input.customer_id)
    if (!result.added) {
      throw new MedusaError(
        MedusaError.Types.DUPLICATE_ERROR,
        "You have already marked this review helpful"
      )
    }
    return new StepResponse(result, input)
  },
  async (input, { container }) => {
    if (!input) return
    const service = container.resolve<ReviewsModuleService>(REVIEWS_MODULE)
    await service.removeHelpfulVote(input.review_id, input.customer_id)
  }
)
