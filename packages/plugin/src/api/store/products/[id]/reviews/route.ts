import type {
  AuthenticatedMedusaRequest,
  MedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { REVIEWS_MODULE } from "../../../../../modules/reviews"
import type ReviewsModuleService from "../../../../../modules/reviews/service"
import { upsertReviewWorkflow } from "../../../../../workflows/reviews/upsert-review"
import type { StoreListReviewsQueryType, StoreUpsertReviewType } from "../../../reviews/validators"
import { presentOwnReview, presentPublicReviews } from "./presenters"

const ORDERS: Record<StoreListReviewsQueryType["sort"], Record<string, "ASC" | "DESC">> = {
  newest: { created_at: "DESC", id: "DESC" },
  highest: { rating: "DESC", created_at: "DESC", id: "DESC" },
  lowest: { rating: "ASC", created_at: "DESC", id: "DESC" },
  most_helpful: { helpful_count: "DESC", created_at: "DESC", id: "DESC" },
}

/** Approved reviews of a product. */
export async function GET(
  req: MedusaRequest<unknown, StoreListReviewsQueryType>,
  res: MedusaResponse
) {
  const { limit, offset, sort } = req.validatedQuery
  const service = req.scope.resolve<ReviewsModuleService>(REVIEWS_MODULE)
  const [reviews, count] = await service.listAndCountReviews(
    { product_id: req.params.id, status: "approved" },
    { skip: offset, take: limit, order: ORDERS[sort] }
  )
  res.json({
    reviews: await presentPublicReviews(req.scope, reviews),
    count,
    limit,
    offset,
    sort,
  })
}

/** Creates the customer's review, or edits it when they already wrote one. */
export async function POST(
  req: AuthenticatedMedusaRequest<StoreUpsertReviewType>,
  res: MedusaResponse
) {
  const { result } = await upsertReviewWorkflow(req.scope).run({
    input: {
      ...req.validatedBody,
      product_id: req.params.id,
      customer_id: req.auth_context.actor_id,
    },
  })
  res.status(result.created ? 201 : 200).json({ review: presentOwnReview(result.review) })
}
