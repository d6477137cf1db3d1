import {
  authenticate,
  type MiddlewareRoute,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { REVIEW_LIMITS } from "../../workflows/reviews/content-rules"

export const REVIEW_SORTS = ["newest", "highest", "lowest", "most_helpful"] as const
export const MAX_SUMMARY_PRODUCTS = 50
export const MAX_BATCH_REVIEWS = 100
export const MAX_REVIEWS_PAGE = 50
export const MAX_ADMIN_REVIEWS_PAGE = 200

const id = z.string().trim().min(1).max(100)
// `?a=1` and `?a[]=1&a[]=2` both arrive as arrays.
const idList = (max: number) =>
  z
    .union([id, z.array(id)])
    .transform((v) => [...new Set(Array.isArray(v) ? v : [v])])
    .pipe(z.array(id).min(1).max(max))
const page = (max: number, fallback: number) => ({
  limit: z.coerce.number().int().min(1).max(max).default(fallback),
  offset: z.coerce.number().int().min(0).max(100000).default(0),
})

export const StoreListReviewsQuery = z.strictObject({
  ...page(MAX_REVIEWS_PAGE, 10),
  sort: z.enum(REVIEW_SORTS).default("newest"),
})

export const StoreUpsertReview = z.strictObject({
  rating: z.number().int().min(1).max(5),
  title: z.string().trim().min(REVIEW_LIMITS.titleMin).max(REVIEW_LIMITS.titleMax),
  body: z.string().trim().min(REVIEW_LIMITS.bodyMin).max(REVIEW_LIMITS.bodyMax),
  order_id: id.optional(),
})

export const StoreReviewSummariesQuery = z.strictObject({
  product_id: idList(MAX_SUMMARY_PRODUCTS),
})

const statusEnum = z.enum(["pending", "approved", "rejected"])
const listOf = <T extends z.ZodTypeAny>(item: T) =>
  z.union([item, z.array(item)]).transform((v) => (Array.isArray(v) ? v : [v]))

export const AdminListReviewsQuery = z.strictObject({
  ...page(MAX_ADMIN_REVIEWS_PAGE, 20),
  status: listOf(statusEnum).optional(),
  product_id: idList(MAX_SUMMARY_PRODUCTS).optional(),
  rating: listOf(z.coerce.number().int().min(1).max(5)).optional(),
  verified_purchase: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
  order: z.enum(["created_at", "-created_at", "rating", "-rating"]).default("-created_at"),
})

export const AdminBatchReviews = z.strictObject({
  action: z.enum(["approve", "reject"]),
  ids: z.array(id).min(1).max(MAX_BATCH_REVIEWS),
})

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
    matcher: "/admin/reviews/batch",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminBatchReviews)],
  },
]
