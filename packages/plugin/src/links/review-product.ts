import { defineLink } from "@medusajs/framework/utils"
import ProductModule from "@medusajs/medusa/product"
import ReviewsModule from "../modules/reviews"

// Read-only: review.product_id is the source of truth, no link table needed.
export default defineLink(
  { linkable: ReviewsModule.linkable.review, field: "product_id" },
  ProductModule.linkable.product,
  { readOnly: true }
)
