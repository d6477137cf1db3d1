import type { InferTypeOf } from "@medusajs/framework/types"
import type Review from "../modules/reviews/models/review"
import type ReviewHelpfulVote from "../modules/reviews/models/review-helpful-vote"
import type { deleteOwnReviewWorkflow } from "../workflows/reviews/delete-own-review"
import type { deleteReviewsWorkflow } from "../workflows/reviews/delete-reviews"
import type { markReviewHelpfulWorkflow } from "../workflows/reviews/mark-review-helpful"
import type { setReviewStatusWorkflow } from "../workflows/reviews/set-review-status"
import type { upsertReviewWorkflow } from "../workflows/reviews/upsert-review"
import type { HookInput, WorkflowOutput } from "./workflows"

export type ReviewDTO = InferTypeOf<typeof Review>
export type ReviewHelpfulVoteDTO = InferTypeOf<typeof ReviewHelpfulVote>
export type { ReviewStatus } from "../modules/reviews/models/review"
export type { ModerationStatus } from "../workflows/reviews/steps/set-review-status"
export type { ReviewContent } from "../workflows/reviews/content-rules"

export type { UpsertReviewInput } from "../workflows/reviews/upsert-review"
export type UpsertReviewOutput = WorkflowOutput<typeof upsertReviewWorkflow>
export type UpsertReviewValidateHookInput = HookInput<typeof upsertReviewWorkflow, "validate">
export type ReviewUpsertedHookInput = HookInput<typeof upsertReviewWorkflow, "reviewUpserted">

export type { SetReviewStatusInput } from "../workflows/reviews/set-review-status"
export type SetReviewStatusOutput = WorkflowOutput<typeof setReviewStatusWorkflow>
export type SetReviewStatusValidateHookInput = HookInput<typeof setReviewStatusWorkflow, "validate">
export type ReviewsModeratedHookInput = HookInput<
  typeof setReviewStatusWorkflow,
  "reviewsModerated"
>

export type { DeleteReviewsInput } from "../workflows/reviews/delete-reviews"
export type DeleteReviewsOutput = WorkflowOutput<typeof deleteReviewsWorkflow>
export type ReviewsDeletedHookInput = HookInput<typeof deleteReviewsWorkflow, "reviewsDeleted">

export type { DeleteOwnReviewInput } from "../workflows/reviews/delete-own-review"
export type DeleteOwnReviewOutput = WorkflowOutput<typeof deleteOwnReviewWorkflow>

export type { MarkReviewHelpfulInput } from "../workflows/reviews/mark-review-helpful"
export type MarkReviewHelpfulOutput = WorkflowOutput<typeof markReviewHelpfulWorkflow>
