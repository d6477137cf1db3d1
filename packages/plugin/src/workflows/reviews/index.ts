// The reviews workflows, their steps and input types, for plugins that compose them
// (docs/extending.md). Importing this file registers the workflows, as Medusa does.
export * from "./upsert-review"
export * from "./set-review-status"
export * from "./delete-reviews"
export * from "./delete-own-review"
export * from "./mark-review-helpful"
export * from "./steps/validate-review-content"
export * from "./steps/ensure-product-reviewable"
export * from "./steps/find-purchase"
export * from "./steps/upsert-review"
export * from "./steps/set-review-status"
export * from "./steps/delete-reviews"
export * from "./steps/find-own-review"
export * from "./steps/add-helpful-vote"
export {
  BANNED_WORDS,
  checkReviewContent,
  REVIEW_LIMITS,
  type ReviewContent,
} from "./content-rules"
