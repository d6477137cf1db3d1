import type { AdditionalData } from "@medusajs/framework/types"
import {
  createHook,
  createWorkflow,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { ensureProductReviewableStep } from "./steps/ensure-product-reviewable"
import { findPurchaseStep } from "./steps/find-purchase"
import { upsertReviewStep, type UpsertReviewStepInput } from "./steps/upsert-review"
import { validateReviewContentStep } from "./steps/validate-review-content"

export type UpsertReviewInput = {
  product_id: string
  customer_id: string
  rating: number
  title: string
  body: string
  order_id?: string
} & AdditionalData

/**
 * A customer's review of a product: the first submission creates it, later ones edit it.
 *
 * Hooks (docs/extending.md): `validate` runs after our own checks and before anything is
 * written, with the review as it will be stored; `reviewUpserted` runs after it is stored.
 */
export const upsertReviewWorkflow = createWorkflow("upsert-review", (input: UpsertReviewInput) => {
  const content = validateReviewContentStep(
    transform({ input }, ({ input }) => ({ title: input.title, body: input.body }))
  )
  ensureProductReviewableStep(
    transform({ input }, ({ input }) => ({ product_id: input.product_id }))
  )
  const purchase = findPurchaseStep(
    transform({ input }, ({ input }) => ({
      customer_id: input.customer_id,
      product_id: input.product_id,
      order_id: input.order_id,
    }))
  )
  const review = transform(
    { input, content, purchase },
    ({ input, content, purchase }): UpsertReviewStepInput => ({
      product_id: input.product_id,
      customer_id: input.customer_id,
      rating: input.rating,
      title: content.title,
      body: content.body,
      order_id: purchase.order_id,
      verified: purchase.verified,
    })
  )
  // A handler that throws fails the workflow here: nothing has been written yet.
  const validate = createHook("validate", { input, review })
  const result = upsertReviewStep(review)
  const events = transform({ result }, ({ result }) => {
    const ref = { id: result.review.id, product_id: result.review.product_id }
    return {
      created: result.created ? [ref] : [],
      updated: result.created ? [] : [ref],
      approved: result.review.status === "approved" ? [ref] : [],
    }
  })
  emitEventStep({ eventName: "review.created", data: events.created }).config({
    name: "emit-review-created",
  })
  emitEventStep({ eventName: "review.updated", data: events.updated }).config({
    name: "emit-review-updated",
  })
  emitEventStep({ eventName: "review.approved", data: events.approved }).config({
    name: "emit-review-approved",
  })
  // A handler that throws here rolls the write back (the upsert step's compensation).
  const reviewUpserted = createHook("reviewUpserted", {
    review: result.review,
    created: result.created,
    additional_data: input.additional_data,
  })
  return new WorkflowResponse(result, { hooks: [validate, reviewUpserted] })
})
