import {
  authenticate,
  type MedusaRequest,
  type PublishableKeyContext,
  type MiddlewareRoute,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import {
  AddWishlistItemBody,
  AdminWishlistQuery,
  MoveWishlistItemToCartBody,
  WishlistPricingQuery,
} from "../store/customers/me/wishlist/validators"

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
    methods: ["GET"],
    matcher: "/store/customers/me/wishlist",
    middlewares: [validateAndTransformQuery(WishlistPricingQuery, {})],
  },
  {
    methods: ["POST"],
    matcher: "/store/customers/me/wishlist/items",
    middlewares: [validateAndTransformBody(AddWishlistItemBody)],
  },
  {
    methods: ["POST"],
    matcher: "/store/customers/me/wishlist/items/:id/move-to-cart",
    middlewares: [validateAndTransformBody(MoveWishlistItemToCartBody)],
  },
  {
    methods: ["GET"],
    matcher: "/store/wishlists/shared/:token",
    middlewares: [validateAndTransformQuery(WishlistPricingQuery, {})],
  },
  {
    methods: ["GET"],
    matcher: "/admin/customers/:id/wishlist",
    middlewares: [validateAndTransformQuery(AdminWishlistQuery, {})],
  },
]
