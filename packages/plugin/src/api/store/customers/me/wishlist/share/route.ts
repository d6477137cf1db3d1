import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { wishlistSalesChannelId } from "../../../../../middlewares/wishlist"
import { createWishlistShareTokenWorkflow } from "../../../../../../workflows/wishlist/create-wishlist-share-token"
import { revokeWishlistShareTokenWorkflow } from "../../../../../../workflows/wishlist/revoke-wishlist-share-token"

export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { result } = await createWishlistShareTokenWorkflow(req.scope).run({
    input: {
      customer_id: req.auth_context.actor_id,
      sales_channel_id: wishlistSalesChannelId(req),
    },
  })
  res.json({ share_token: result.share_token })
}

export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await revokeWishlistShareTokenWorkflow(req.scope).run({
    input: {
      customer_id: req.auth_context.actor_id,
      sales_channel_id: wishlistSalesChannelId(req),
    },
  })
  res.json({ share_token: null, revoked: true })
}
