import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { ADMIN_REVIEW_FIELDS } from "./moderate"

type ListQuery = {
  limit: number
  offset: number
  order: string
  status?: string[]
  product_id?: string[]
  rating?: number[]
  verified_purchase?: boolean
}

/** The moderation queue: every review, filtered and paginated. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const q = req.validatedQuery as unknown as ListQuery
  const filters: Record<string, unknown> = {}
  if (q.status) filters.status = q.status
  if (q.product_id) filters.product_id = q.product_id
  if (q.rating) filters.rating = q.rating
  if (q.verified_purchase !== undefined) filters.verified_purchase = q.verified_purchase
  const desc = q.order.startsWith("-")
  const field = desc ? q.order.slice(1) : q.order
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data, metadata } = await query.graph({
    entity: "review",
    fields: ADMIN_REVIEW_FIELDS,
    filters,
    pagination: {
      skip: q.offset,
      take: q.limit,
      order: { [field]: desc ? "DESC" : "ASC", id: "DESC" },
    },
  })
  res.json({
    reviews: data,
    count: metadata?.count ?? data.length,
    limit: q.limit,
    offset: q.offset,
  })
}
