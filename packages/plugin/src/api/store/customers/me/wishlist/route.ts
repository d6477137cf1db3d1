import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import {
  wishlistSalesChannelId,
  type WishlistPricingQueryType,
} from "../../../../middlewares/wishlist"
import { getOrCreateWishlistWorkflow } from "../../../../../workflows/wishlist/get-or-create-wishlist"
import {
  presentWishlist,
  resolvePricingContext,
} from "../../../../../workflows/wishlist/helpers/present-wishlist"

export async function GET(
  req: AuthenticatedMedusaRequest<unknown, WishlistPricingQueryType>,
  res: MedusaResponse
) {
  const salesChannelId = wishlistSalesChannelId(req)
  const pricing = await resolvePricingContext(req.scope, req.validatedQuery)
  const { result: wishlist } = await getOrCreateWishlistWorkflow(req.scope).run({
    input: { customer_id: req.auth_context.actor_id, sales_channel_id: salesChannelId },
  })
  const view = await presentWishlist(req.scope, wishlist, {
    pricing,
    sales_channel_id: salesChannelId,
  })
  res.json({ wishlist: { ...view, share_token: wishlist.share_token ?? null } })
}
