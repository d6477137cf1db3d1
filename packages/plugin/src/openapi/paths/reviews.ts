import {
  AdminBatchReviews,
  AdminModerateReview,
  AdminListReviewsQuery,
  StoreListReviewsQuery,
  StoreReviewSummariesQuery,
  StoreUpsertReview,
} from "../../api/store/reviews/validators"
import { DeletedSchema, body, errors, json } from "../components"
import { OpenAPIRegistry, security, z, type PathModule } from "../registry"

// Shapes follow src/api/store/reviews/presenters.ts and src/api/admin/reviews/moderate.ts.
const timestamps = { created_at: z.string(), updated_at: z.string() }
const status = z.enum(["pending", "approved", "rejected"])
// What every view of a review shows.
const reviewCore = {
  id: z.string(),
  product_id: z.string(),
  rating: z.number().int(),
  title: z.string(),
  body: z.string(),
  verified_purchase: z.boolean(),
  helpful_count: z.number().int(),
  ...timestamps,
}

const PublicReview = z
  .object({
    ...reviewCore,
    author_name: z.string().openapi({ description: "First name and last initial only." }),
  })
  .openapi("PublicReview")

const OwnReview = z
  .object({ ...reviewCore, status, order_id: z.string().nullable() })
  .openapi("OwnReview")

const AdminReview = z
  .object({
    ...reviewCore,
    customer_id: z.string(),
    order_id: z.string().nullable(),
    status,
    product: z.object({ id: z.string(), title: z.string() }).nullable().optional(),
    customer: z
      .object({
        id: z.string(),
        email: z.string(),
        first_name: z.string().nullable(),
        last_name: z.string().nullable(),
      })
      .nullable()
      .optional(),
  })
  .openapi("AdminReview")

const RatingSummary = z
  .object({
    product_id: z.string(),
    average: z.number(),
    count: z.number().int(),
    histogram: z.object({
      "1": z.number().int(),
      "2": z.number().int(),
      "3": z.number().int(),
      "4": z.number().int(),
      "5": z.number().int(),
    }),
  })
  .openapi("RatingSummary")

const page = { count: z.number().int(), limit: z.number().int(), offset: z.number().int() }
const idParams = z.object({ id: z.string() })
const Summaries = z.object({ summaries: z.array(RatingSummary) })

function register(registry: OpenAPIRegistry) {
  const tags = ["Reviews"]
  const ownReview = json("The customer's review", z.object({ review: OwnReview }))
  registry.registerPath({
    method: "get",
    path: "/store/products/{id}/reviews",
    tags,
    summary: "Approved reviews of a product",
    security: security.store,
    request: { params: idParams, query: StoreListReviewsQuery },
    responses: {
      "200": json(
        "Reviews",
        z.object({
          reviews: z.array(PublicReview),
          ...page,
          sort: StoreListReviewsQuery.shape.sort.unwrap(),
        })
      ),
      ...errors(400),
    },
  })
  registry.registerPath({
    method: "post",
    path: "/store/products/{id}/reviews",
    tags,
    summary: "Write (201) or edit (200) the customer's review of a product",
    description: "One review per customer and product; a changed review returns to moderation.",
    security: security.customer,
    request: {
      params: idParams,
      body: body(registry.register("StoreUpsertReview", StoreUpsertReview)),
    },
    responses: {
      "200": ownReview,
      "201": json("Review created", z.object({ review: OwnReview })),
      ...errors(400, 401, 404, 429),
    },
  })
  registry.registerPath({
    method: "get",
    path: "/store/products/{id}/reviews/me",
    tags,
    summary: "The customer's own review of the product, any status",
    security: security.customer,
    request: { params: idParams },
    responses: { "200": ownReview, ...errors(401, 404) },
  })
  registry.registerPath({
    method: "delete",
    path: "/store/products/{id}/reviews/me",
    tags,
    summary: "Delete the customer's own review of the product",
    security: security.customer,
    request: { params: idParams },
    responses: { "200": json("Deleted", DeletedSchema), ...errors(401, 404) },
  })
  registry.registerPath({
    method: "get",
    path: "/store/products/{id}/reviews/summary",
    tags,
    summary: "Average, count and histogram of a product's approved reviews",
    security: security.store,
    request: { params: idParams },
    responses: { "200": json("Summary", z.object({ summary: RatingSummary })), ...errors(400) },
  })
  registry.registerPath({
    method: "get",
    path: "/store/reviews/summaries",
    tags,
    summary: "Rating summaries of many products",
    security: security.store,
    request: { query: StoreReviewSummariesQuery },
    responses: { "200": json("Summaries", Summaries), ...errors(400) },
  })
  registry.registerPath({
    method: "post",
    path: "/store/reviews/{id}/helpful",
    tags,
    summary: "Mark another customer's review helpful (once per customer)",
    security: security.customer,
    request: { params: idParams },
    responses: {
      "200": json(
        "Vote counted",
        z.object({ review_id: z.string(), helpful_count: z.number().int() })
      ),
      ...errors(400, 401, 403, 404, 409, 422, 429),
    },
  })

  const adminTags = tags
  const adminReview = json("The review", z.object({ review: AdminReview }))
  registry.registerPath({
    method: "get",
    path: "/admin/reviews",
    tags: adminTags,
    summary: "Moderation queue: every review, filtered and paginated",
    security: security.admin,
    request: { query: AdminListReviewsQuery },
    responses: {
      "200": json("Reviews", z.object({ reviews: z.array(AdminReview), ...page })),
      ...errors(400, 401, 403),
    },
  })
  registry.registerPath({
    method: "delete",
    path: "/admin/reviews/{id}",
    tags: adminTags,
    summary: "Delete a review",
    security: security.admin,
    request: { params: idParams },
    responses: { "200": json("Deleted", DeletedSchema), ...errors(401, 403, 404) },
  })
  const moderateBody = registry.register("AdminModerateReview", AdminModerateReview)
  for (const action of ["approve", "reject"] as const) {
    registry.registerPath({
      method: "post",
      path: `/admin/reviews/{id}/${action}`,
      tags: adminTags,
      summary: action === "approve" ? "Approve a review" : "Reject a review",
      security: security.admin,
      // No fields of its own: an empty body, or none, is the usual request.
      request: { params: idParams, body: { ...body(moderateBody), required: false } },
      responses: { "200": adminReview, ...errors(400, 401, 403, 404) },
    })
  }
  registry.registerPath({
    method: "post",
    path: "/admin/reviews/batch",
    tags: adminTags,
    summary: "Approve or reject many reviews (all or nothing)",
    security: security.admin,
    request: { body: body(registry.register("AdminBatchReviews", AdminBatchReviews)) },
    responses: {
      "200": json(
        "Batch result",
        z.object({
          ids: z.array(z.string()),
          status: z.enum(["approved", "rejected"]),
          changed: z.array(z.string()),
        })
      ),
      ...errors(400, 401, 403, 404),
    },
  })
  registry.registerPath({
    method: "get",
    path: "/admin/reviews/summaries",
    tags: adminTags,
    summary: "Rating summaries of many products",
    security: security.admin,
    request: { query: StoreReviewSummariesQuery },
    responses: { "200": json("Summaries", Summaries), ...errors(400, 401, 403) },
  })
}

export const reviewsPaths: PathModule = {
  tag: "Reviews",
  description:
    "Product reviews: public lists and rating summaries, the customer's own review, helpful votes, admin moderation.",
  register,
}
