import {
  authenticate,
  type MiddlewareRoute,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import {
  AdminBatchReviews,
  AdminListReviewsQuery,
  AdminModerateReview,
  StoreListReviewsQuery,
  StoreReviewSummariesQuery,
  StoreUpsertReview,
} from "../store/reviews/validators"

const customerAuth = authenticate("customer", ["session", "bearer"])
const noFields = { defaults: ["id"], isList: false }

export const reviewsMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/products/:id/reviews",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(StoreListReviewsQuery, noFields)],
  },
  {
    matcher: "/store/products/:id/reviews",
    methods: ["POST"],
    middlewares: [customerAuth, validateAndTransformBody(StoreUpsertReview)],
  },
  {
    matcher: "/store/products/:id/reviews/me",
    methods: ["GET", "DELETE"],
    middlewares: [customerAuth],
  },
  {
    matcher: "/store/reviews/:id/helpful",
    methods: ["POST"],
    middlewares: [customerAuth],
  },
  {
    matcher: "/store/reviews/summaries",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(StoreReviewSummariesQuery, noFields)],
  },
  {
    matcher: "/admin/reviews",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(AdminListReviewsQuery, noFields)],
  },
  {
    matcher: "/admin/reviews/summaries",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(StoreReviewSummariesQuery, noFields)],
  },
  {
    matcher: "/admin/reviews/:id/approve",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminModerateReview)],
  },
  {
    matcher: "/admin/reviews/:id/reject",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminModerateReview)],
  },
  {
    matcher: "/admin/reviews/batch",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminBatchReviews)],
  },
]
