import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, getVariantAvailability } from "@medusajs/framework/utils"
import DataLoader from "dataloader"
import type { MaybeAuthenticatedRequest } from "../http"
import { REVIEWS_MODULE } from "../../modules/reviews"
import type ReviewsModuleService from "../../modules/reviews/service"
import type { RatingSummary } from "../../modules/reviews/service"

/** Per-request loaders: every list of N products costs one call per kind, not N. */
export type Loaders = {
  reviewSummary: DataLoader<string, RatingSummary>
  /** Sellable units of a variant in the key's sales channel (null: not computable). */
  availability: DataLoader<string, number | null>
}

/** What the route hands Yoga for each request. */
export type ServerContext = { req: MedusaRequest; res: MedusaResponse }

export type GraphQLContext = {
  req: MaybeAuthenticatedRequest
  scope: MedusaContainer
  /** The logged-in customer (bearer token or session), as REST's auth_context. */
  customerId?: string
  salesChannelIds: string[]
  loaders: Loaders
}

function createLoaders(scope: MedusaContainer, salesChannelIds: string[]): Loaders {
  return {
    reviewSummary: new DataLoader(async (ids) => {
      const service = scope.resolve<ReviewsModuleService>(REVIEWS_MODULE)
      const rows = await service.getRatingSummaries([...ids])
      const byId = new Map(rows.map((r) => [r.product_id, r]))
      return ids.map(
        (id) =>
          byId.get(id) ?? {
            product_id: id,
            average: 0,
            count: 0,
            histogram: { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 },
          }
      )
    }),
    availability: new DataLoader(async (ids) => {
      // Same rule as REST's inventory_quantity: only for a key with one sales channel.
      if (salesChannelIds.length !== 1) return ids.map(() => null)
      const query = scope.resolve(ContainerRegistrationKeys.QUERY)
      const result = await getVariantAvailability(query, {
        variant_ids: [...ids],
        sales_channel_id: salesChannelIds[0],
      })
      return ids.map((id) => result[id]?.availability ?? null)
    }),
  }
}

export function buildContext(req: MaybeAuthenticatedRequest): GraphQLContext {
  const auth = req.auth_context
  const customerId =
    auth?.actor_type === "customer" && auth.actor_id ? String(auth.actor_id) : undefined
  const salesChannelIds = req.publishable_key_context?.sales_channel_ids ?? []
  return {
    req,
    scope: req.scope,
    customerId,
    salesChannelIds,
    loaders: createLoaders(req.scope, salesChannelIds),
  }
}
