import { model } from "@medusajs/framework/utils"
import ReviewHelpfulVote from "./review-helpful-vote"

export const REVIEW_STATUSES = ["pending", "approved", "rejected"] as const
export type ReviewStatus = (typeof REVIEW_STATUSES)[number]

const Review = model
  .define("review", {
    id: model.id({ prefix: "rev" }).primaryKey(),
    product_id: model.text(),
    customer_id: model.text(),
    order_id: model.text().nullable(),
    rating: model.number(),
    title: model.text(),
    body: model.text(),
    status: model.enum([...REVIEW_STATUSES]).default("pending"),
    verified_purchase: model.boolean().default(false),
    helpful_count: model.number().default(0),
    votes: model.hasMany(() => ReviewHelpfulVote, { mappedBy: "review" }),
  })
  .cascades({ delete: ["votes"] })
  .indexes([
    // One live review per customer and product: a second submission edits the first.
    { on: ["product_id", "customer_id"], unique: true, where: "deleted_at IS NULL" },
    // The store list and the summary read approved reviews of one product.
    { on: ["product_id", "status"], where: "deleted_at IS NULL" },
    { on: ["status", "created_at"], where: "deleted_at IS NULL" },
  ])
  .checks([
    { name: "review_rating_range", expression: (c) => `${c.rating} BETWEEN 1 AND 5` },
    { name: "review_helpful_count_positive", expression: (c) => `${c.helpful_count} >= 0` },
  ])

export default Review
