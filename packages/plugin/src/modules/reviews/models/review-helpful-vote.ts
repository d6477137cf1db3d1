import { model } from "@medusajs/framework/utils"
import Review from "./review"

const ReviewHelpfulVote = model
  .define("review_helpful_vote", {
    id: model.id({ prefix: "revvote" }).primaryKey(),
    customer_id: model.text(),
    review: model.belongsTo(() => Review, { mappedBy: "votes" }),
  })
  .indexes([
    // A customer counts once per review, however many requests race.
    { on: ["review_id", "customer_id"], unique: true, where: "deleted_at IS NULL" },
  ])

export default ReviewHelpfulVote
