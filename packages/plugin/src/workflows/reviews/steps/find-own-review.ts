import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { REVIEWS_MODULE } from "../../../modules/reviews"
import type ReviewsModuleService from "../../../modules/reviews/service"

/** The customer's own review of a product; 404 when there is none. */
export const findOwnReviewStep = createStep(
  "find-own-review",
  async (input: { product_id: string; customer_id: string }, { container }) => {
    const service = container.resolve<ReviewsModuleService>(REVIEWS_MODULE)
    const [review] = await service.listReviews(
      { product_id: input.product_id, customer_id: input.customer_id },
      { take: 1 }
    )
    if (!review) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, "You have not reviewed this product")
    }
    return new StepResponse(review)
  }
)
