import type {
  AuthenticatedMedusaRequest,
  MedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { REVIEWS_MODULE } from "../../../../../modules/reviews"
import type ReviewsModuleService from "../../../../../modules/reviews/service"
import { upsertReviewWorkflow } from "../../../../../workflows/reviews/upsert-review"
import type { REVIEW_SORTS } from "../../../../middlewares/reviews"
import { presentOwnReview, presentPublicReviews } from "../../../reviews/presenters"

type ListQuery = { limit: number; offset: number; sort: (typeof REVIEW_SORTS)[number] }
type UpsertBody = { rating: number; title: string; body: string; order_id?: string }

const ORDERS: Record<ListQuery["sort"], Record<string, "ASC" | "DESC">> = {
  newest: { created_at: "DESC", id: "DESC" },
  highest: { rating: "DESC", created_at: "DESC", id: "DESC" },
  lowest: { rating: "ASC", created_at: "DESC", id: "DESC" },
  most_helpful: { helpful_count: "DESC", created_at: "DESC", id: "DESC" },
}

/** Approved reviews of a product. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const { limit, offset, sort } = req.validatedQuery as unknown as ListQuery
  const service = req.scope.resolve<ReviewsModuleService>(REVIEWS_MODULE)
  const [reviews, count] = await service.listAndCountReviews(
    { product_id: req.params.id, status: "approved" },
    { skip: offset, take: limit, order: ORDERS[sort] }
  )
  res.json({
    reviews: await presentPublicReviews(req.scope, reviews as any),
    count,
    limit,
    offset,
    sort,
  })
}

/** Creates the customer's review, or edits it when they already wrote one. */
export async function POST(req: AuthenticatedMedusaRequest<UpsertBody>, res: MedusaResponse) {
  const { result } = await upsertReviewWorkflow(req.scope).run({
    input: {
      ...req.validatedBody,
      product_id: req.params.id,
      customer_id: req.auth_context.actor_id,
    },
  })
  res.status(result.created ? 201 : 200).json({ review: presentOwnReview(result.review as any) })
}
