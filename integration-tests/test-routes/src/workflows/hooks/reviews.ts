import { MedusaError } from "@medusajs/framework/utils"
import { hooksEnabled, recordHook } from "../../lib/hook-log"
import {
  REVIEWS_MODULE,
  type ReviewsModuleService,
  setReviewStatusWorkflow,
  upsertReviewWorkflow,
} from "../../lib/plugin"

// A consumer's policy, as docs/extending.md shows it: reviews may not name a competitor.
upsertReviewWorkflow.hooks.validate(async ({ input, review }, { container }) => {
  if (!hooksEnabled()) return
  // What is stored while the hook runs, to prove that it runs before the write.
  const stored = await container
    .resolve<ReviewsModuleService>(REVIEWS_MODULE)
    .listReviews({ product_id: review.product_id, customer_id: review.customer_id })
  recordHook("upsert-review.validate", { input, review, stored: stored.length })
  if (/\bcompetitor\b/i.test(`${review.title} ${review.body}`)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "Reviews may not mention a competitor")
  }
})

upsertReviewWorkflow.hooks.reviewUpserted(async ({ review, created, additional_data }) => {
  if (!hooksEnabled()) return
  recordHook("upsert-review.reviewUpserted", { review, created, additional_data })
  // Proves that a failing after-hook undoes the write.
  if (additional_data?.fail_after_store === true) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The after-store hook refused")
  }
})

setReviewStatusWorkflow.hooks.reviewsModerated(async (payload) => {
  if (!hooksEnabled()) return
  recordHook("set-review-status.reviewsModerated", payload)
})
