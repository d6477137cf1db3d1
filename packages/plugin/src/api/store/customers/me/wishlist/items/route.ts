import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import {
  type AddWishlistItemBodyType,
  wishlistSalesChannelId,
} from "../../../../../middlewares/wishlist"
import { addWishlistItemWorkflow } from "../../../../../../workflows/wishlist/add-wishlist-item"

export async function POST(
  req: AuthenticatedMedusaRequest<AddWishlistItemBodyType>,
  res: MedusaResponse
) {
  const { result } = await addWishlistItemWorkflow(req.scope).run({
    input: {
      customer_id: req.auth_context.actor_id,
      sales_channel_id: wishlistSalesChannelId(req),
      variant_id: req.validatedBody.variant_id,
    },
  })
  const { id, variant_id, created_at } = result.item
  // 201 for a new item, 200 when it was already there: the call is idempotent.
  res.status(result.created ? 201 : 200).json({
    wishlist_item: { id, variant_id, created_at },
    created: result.created,
  })
}
