import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { addHelpfulVoteStep, ensureReviewVotableStep } from "./steps/add-helpful-vote"

/** A customer marks someone else's published review helpful, once. */
export const markReviewHelpfulWorkflow = createWorkflow(
  "mark-review-helpful",
  (input: { review_id: string; customer_id: string }) => {
    ensureReviewVotableStep(input)
    const result = addHelpfulVoteStep(input)
    return new WorkflowResponse(result)
  }
)
