import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import {
  wishlistSalesChannelId,
  type WishlistPricingQueryType,
} from "../../../../middlewares/wishlist"
import { WISHLIST_MODULE } from "../../../../../modules/wishlist"
import type WishlistModuleService from "../../../../../modules/wishlist/service"
import {
  presentWishlist,
  resolvePricingContext,
} from "../../../../../workflows/wishlist/helpers/present-wishlist"

// Read-only by construction: this file exports GET only, so every write method is a 404.
export async function GET(
  req: MedusaRequest<unknown, WishlistPricingQueryType>,
  res: MedusaResponse
) {
  const salesChannelId = wishlistSalesChannelId(req)
  const service: WishlistModuleService = req.scope.resolve(WISHLIST_MODULE)
  const wishlist = await service.retrieveByShareToken(req.params.token)
  // A link shared in one storefront does not open in another channel's storefront.
  if (wishlist.sales_channel_id !== salesChannelId) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "Shared wishlist not found")
  }
  const pricing = await resolvePricingContext(req.scope, req.validatedQuery)
  const view = await presentWishlist(req.scope, wishlist, {
    pricing,
    sales_channel_id: salesChannelId,
  })
  const [owner] = await req.scope
    .resolve(Modules.CUSTOMER)
    .listCustomers({ id: wishlist.customer_id }, { select: ["first_name"] })
  // Nothing about the owner beyond a first name leaves this route.
  res.json({
    wishlist: {
      id: view.id,
      owner: { first_name: owner?.first_name ?? null },
      items: view.items,
    },
  })
}
