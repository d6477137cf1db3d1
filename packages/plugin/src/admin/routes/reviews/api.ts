import Medusa from "@medusajs/js-sdk"

declare const __BACKEND_URL__: string | undefined

// The dashboard's session cookie authenticates these calls.
export const sdk = new Medusa({
  baseUrl: (typeof __BACKEND_URL__ !== "undefined" && __BACKEND_URL__) || "/",
  auth: { type: "session" },
})

export type ReviewStatus = "pending" | "approved" | "rejected"

export type AdminReview = {
  id: string
  product_id: string
  rating: number
  title: string
  body: string
  status: ReviewStatus
  verified_purchase: boolean
  helpful_count: number
  created_at: string
  product?: { id: string; title: string } | null
  customer?: { id: string; email: string; first_name?: string; last_name?: string } | null
}

export type RatingSummary = {
  product_id: string
  average: number
  count: number
  histogram: Record<string, number>
}

export type ReviewFilters = {
  status?: ReviewStatus
  rating?: number
  verified_purchase?: boolean
  product_id?: string
  limit: number
  offset: number
}

export function listReviews(filters: ReviewFilters) {
  const query: Record<string, string | number> = {
    limit: filters.limit,
    offset: filters.offset,
  }
  if (filters.status) query.status = filters.status
  if (filters.rating) query.rating = filters.rating
  if (filters.verified_purchase !== undefined) {
    query.verified_purchase = String(filters.verified_purchase)
  }
  if (filters.product_id) query.product_id = filters.product_id
  return sdk.client.fetch<{ reviews: AdminReview[]; count: number }>("/admin/reviews", { query })
}

export function moderateReviews(ids: string[], action: "approve" | "reject") {
  return sdk.client.fetch<{ changed: string[] }>("/admin/reviews/batch", {
    method: "POST",
    body: { ids, action },
  })
}

export function getSummary(productId: string) {
  return sdk.client.fetch<{ summaries: RatingSummary[] }>("/admin/reviews/summaries", {
    query: { product_id: productId },
  })
}

export const STATUS_COLOR: Record<ReviewStatus, "orange" | "green" | "red"> = {
  pending: "orange",
  approved: "green",
  rejected: "red",
}

export function stars(rating: number) {
  return "★".repeat(rating) + "☆".repeat(5 - rating)
}
