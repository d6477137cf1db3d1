import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { REVIEWS_MODULE } from "../../../modules/reviews"
import type ReviewsModuleService from "../../../modules/reviews/service"

export type UpsertReviewStepInput = {
  product_id: string
  customer_id: string
  rating: number
  title: string
  body: string
  order_id: string | null
  verified: boolean
}

const EDITABLE = ["rating", "title", "body", "status", "verified_purchase", "order_id"] as const

type Compensation = { created?: string; previous?: Record<string, unknown> & { id: string } }

/**
 * Creates the customer's review of a product, or edits it when one exists.
 * Every write goes (back) to moderation unless a verified purchase may skip it.
 */
export const upsertReviewStep = createStep(
  "upsert-review",
  async (input: UpsertReviewStepInput, { container }) => {
    const service = container.resolve<ReviewsModuleService>(REVIEWS_MODULE)
    const status = input.verified && service.autoApproveVerified() ? "approved" : "pending"
    const data = {
      rating: input.rating,
      title: input.title,
      body: input.body,
      status: status as "approved" | "pending",
      verified_purchase: input.verified,
      order_id: input.order_id,
    }
    const findExisting = async () =>
      (
        await service.listReviews(
          { product_id: input.product_id, customer_id: input.customer_id },
          { take: 1 }
        )
      )[0]

    let existing = await findExisting()
    if (!existing) {
      try {
        const review = await service.createReviews({
          ...data,
          product_id: input.product_id,
          customer_id: input.customer_id,
        })
        return new StepResponse({ review, created: true }, { created: review.id } as Compensation)
      } catch (err) {
        // A concurrent request from the same customer won the unique index:
        // this submission becomes an edit of that review.
        existing = await findExisting()
        if (!existing) throw err
      }
    }
    const previous = { id: existing.id } as Compensation["previous"] & Record<string, unknown>
    for (const key of EDITABLE) previous[key] = existing[key]
    const review = await service.updateReviews({ id: existing.id, ...data })
    return new StepResponse({ review, created: false }, { previous } as Compensation)
  },
  async (compensation, { container }) => {
    if (!compensation) return
    const service = container.resolve<ReviewsModuleService>(REVIEWS_MODULE)
    if (compensation.created) await service.deleteReviews(compensation.created)
    if (compensation.previous) await service.updateReviews(compensation.previous as any)
  }
)
