import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { wishlistSalesChannelId } from "../../../../../../middlewares/wishlist"
import { removeWishlistItemWorkflow } from "../../../../../../../workflows/wishlist/remove-wishlist-item"

export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { result } = await removeWishlistItemWorkflow(req.scope).run({
    input: {
      item_id: req.params.id,
      customer_id: req.auth_context.actor_id,
      sales_channel_id: wishlistSalesChannelId(req),
    },
  })
  res.json({ id: result, object: "wishlist_item", deleted: true })
}
