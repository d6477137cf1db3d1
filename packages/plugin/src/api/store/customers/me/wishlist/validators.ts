import { z } from "@medusajs/framework/zod"
import { AdditionalData } from "../../../../middlewares/additional-data"

// The wishlist feature's request schemas, store and admin (applied in api/middlewares/wishlist.ts).

// Medusa ids are short; anything longer is a bad input, not a lookup.
const id = z.string().trim().min(1).max(64)

export const WishlistPricingQuery = z
  .object({ cart_id: id.optional(), region_id: id.optional() })
  .strict()
export type WishlistPricingQueryType = z.infer<typeof WishlistPricingQuery>

export const AddWishlistItemBody = z
  .object({ variant_id: id, additional_data: AdditionalData })
  .strict()
export type AddWishlistItemBodyType = z.infer<typeof AddWishlistItemBody>

export const MoveWishlistItemToCartBody = z
  .object({ cart_id: id, quantity: z.number().int().min(1).max(1000).optional() })
  .strict()
export type MoveWishlistItemToCartBodyType = z.infer<typeof MoveWishlistItemToCartBody>

export const AdminWishlistQuery = z.object({}).strict()
