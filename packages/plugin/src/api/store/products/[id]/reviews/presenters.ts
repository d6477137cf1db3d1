import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

type ReviewRow = {
  id: string
  product_id: string
  customer_id: string
  order_id?: string | null
  rating: number
  title: string
  body: string
  status: string
  verified_purchase: boolean
  helpful_count: number
  created_at: Date | string
  updated_at: Date | string
}

/**
 * What anyone may see of a review: the author appears as a first name and an
 * initial; never their e-mail, customer id or order.
 */
export async function presentPublicReviews(container: MedusaContainer, reviews: ReviewRow[]) {
  const names = await authorNames(
    container,
    reviews.map((r) => r.customer_id)
  )
  return reviews.map((r) => ({
    id: r.id,
    product_id: r.product_id,
    rating: r.rating,
    title: r.title,
    body: r.body,
    verified_purchase: r.verified_purchase,
    helpful_count: r.helpful_count,
    author_name: names.get(r.customer_id) ?? "Customer",
    created_at: r.created_at,
    updated_at: r.updated_at,
  }))
}

/** The author's own view adds moderation status and the order it is verified by. */
export function presentOwnReview(r: ReviewRow) {
  return {
    id: r.id,
    product_id: r.product_id,
    rating: r.rating,
    title: r.title,
    body: r.body,
    status: r.status,
    verified_purchase: r.verified_purchase,
    order_id: r.order_id ?? null,
    helpful_count: r.helpful_count,
    created_at: r.created_at,
    updated_at: r.updated_at,
  }
}

// The fields authorNames asks query.graph for.
type CustomerName = {
  id: string
  first_name?: string | null
  last_name?: string | null
  metadata?: Record<string, unknown> | null
}

async function authorNames(container: MedusaContainer, customerIds: string[]) {
  const ids = [...new Set(customerIds)]
  const names = new Map<string, string>()
  if (!ids.length) return names
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "customer",
    fields: ["id", "first_name", "last_name", "metadata"],
    filters: { id: ids },
  })
  const customers: CustomerName[] = data
  for (const c of customers) {
    // Erasure keeps reviews (by default) without their author.
    if (c.metadata?.erased_at) {
      names.set(c.id, "Former customer")
      continue
    }
    const first = (c.first_name || "").trim()
    const initial = (c.last_name || "").trim().charAt(0)
    names.set(c.id, first ? `${first}${initial ? ` ${initial}.` : ""}` : "Customer")
  }
  return names
}
