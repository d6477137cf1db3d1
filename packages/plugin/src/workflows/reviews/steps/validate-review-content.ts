import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { checkReviewContent, type ReviewContent } from "../content-rules"

export const validateReviewContentStep = createStep(
  "validate-review-content",
  async (input: ReviewContent) => {
    const { value, problems } = checkReviewContent(input)
    if (problems.length) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Invalid review: ${problems.join("; ")}`
      )
    }
    return new StepResponse(value)
  }
)
