import {
  authenticate,
  type MedusaRequest,
  type PublishableKeyContext,
  type MiddlewareRoute,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"

// Medusa ids are short; anything longer is a bad input, not a lookup.
const id = z.string().trim().min(1).max(64)

export const WishlistPricingQuery = z
  .object({ cart_id: id.optional(), region_id: id.optional() })
  .strict()
export type WishlistPricingQueryType = z.infer<typeof WishlistPricingQuery>

export const AddWishlistItemBody = z.object({ variant_id: id }).strict()
export type AddWishlistItemBodyType = z.infer<typeof AddWishlistItemBody>

export const MoveWishlistItemToCartBody = z
  .object({ cart_id: id, quantity: z.number().int().min(1).max(1000).optional() })
  .strict()
export type MoveWishlistItemToCartBodyType = z.infer<typeof MoveWishlistItemToCartBody>

export const AdminWishlistQuery = z.object({}).strict()

/**
 * The wishlist is per sales channel, and the channel comes from the publishable key.
 * A key scoped to several channels is ambiguous, so it is refused rather than guessed.
 */
export function wishlistSalesChannelId(
  req: MedusaRequest & { publishable_key_context?: PublishableKeyContext }
): string {
  const ids = req.publishable_key_context?.sales_channel_ids ?? []
  if (ids.length !== 1) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "Wishlists need a publishable API key scoped to exactly one sales channel"
    )
  }
  return ids[0]
}

export const wishlistMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/customers/me/wishlist*",
    middlewares: [authenticate("customer", ["session", "bearer"])],
  },
  {
    method: ["GET"],
    matcher: "/store/customers/me/wishlist",
    middlewares: [validateAndTransformQuery(WishlistPricingQuery, {})],
  },
  {
    method: ["POST"],
    matcher: "/store/customers/me/wishlist/items",
    middlewares: [validateAndTransformBody(AddWishlistItemBody)],
  },
  {
    method: ["POST"],
    matcher: "/store/customers/me/wishlist/items/:id/move-to-cart",
    middlewares: [validateAndTransformBody(MoveWishlistItemToCartBody)],
  },
  {
    method: ["GET"],
    matcher: "/store/wishlists/shared/:token",
    middlewares: [validateAndTransformQuery(WishlistPricingQuery, {})],
  },
  {
    method: ["GET"],
    matcher: "/admin/customers/:id/wishlist",
    middlewares: [validateAndTransformQuery(AdminWishlistQuery, {})],
  },
]
