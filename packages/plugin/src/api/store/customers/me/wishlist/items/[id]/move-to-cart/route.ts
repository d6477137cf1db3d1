import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import {
  type MoveWishlistItemToCartBodyType,
  wishlistSalesChannelId,
} from "../../../../../../../middlewares/wishlist"
import { moveWishlistItemToCartWorkflow } from "../../../../../../../../workflows/wishlist/move-wishlist-item-to-cart"

export async function POST(
  req: AuthenticatedMedusaRequest<MoveWishlistItemToCartBodyType>,
  res: MedusaResponse
) {
  const { result } = await moveWishlistItemToCartWorkflow(req.scope).run({
    input: {
      item_id: req.params.id,
      customer_id: req.auth_context.actor_id,
      sales_channel_id: wishlistSalesChannelId(req),
      cart_id: req.validatedBody.cart_id,
      quantity: req.validatedBody.quantity,
    },
  })
  res.json(result)
}
