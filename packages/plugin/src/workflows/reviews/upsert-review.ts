import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { ensureProductReviewableStep } from "./steps/ensure-product-reviewable"
import { findPurchaseStep } from "./steps/find-purchase"
import { upsertReviewStep } from "./steps/upsert-review"
import { validateReviewContentStep } from "./steps/validate-review-content"

export type UpsertReviewInput = {
  product_id: string
  customer_id: string
  rating: number
  title: string
  body: string
  order_id?: string
}

/** A customer's review of a product: the first submission creates it, later ones edit it. */
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
  const result = upsertReviewStep(
    transform({ input, content, purchase }, ({ input, content, purchase }) => ({
      product_id: input.product_id,
      customer_id: input.customer_id,
      rating: input.rating,
      title: content.title,
      body: content.body,
      order_id: purchase.order_id,
      verified: purchase.verified,
    }))
  )
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
  return new WorkflowResponse(result)
})
