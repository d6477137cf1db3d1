import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { WISHLIST_MODULE } from "../../../../../modules/wishlist"
import type WishlistModuleService from "../../../../../modules/wishlist/service"
import { presentWishlist } from "../../../../../workflows/wishlist/helpers/present-wishlist"

/** Every wishlist of the customer (one per sales channel), with the sales channel's name. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: customers } = await query.graph({
    entity: "customer",
    fields: ["id"],
    filters: { id: req.params.id },
  })
  if (!customers.length) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Customer with id: ${req.params.id} was not found`
    )
  }
  const service: WishlistModuleService = req.scope.resolve(WISHLIST_MODULE)
  const wishlists = await service.listWishlists(
    { customer_id: req.params.id },
    { order: { created_at: "ASC" } }
  )
  const channelIds = [...new Set(wishlists.map((w) => w.sales_channel_id))]
  const { data: channels } = channelIds.length
    ? await query.graph({
        entity: "sales_channel",
        fields: ["id", "name"],
        filters: { id: channelIds },
      })
    : { data: [] as any[] }
  const channelName = new Map<string, string | null>()
  for (const c of channels as any[]) channelName.set(c.id, c.name ?? null)
  const views = await Promise.all(
    wishlists.map(async (w) => ({
      ...(await presentWishlist(req.scope, w)),
      sales_channel: { id: w.sales_channel_id, name: channelName.get(w.sales_channel_id) ?? null },
      shared: !!w.share_token,
    }))
  )
  res.json({ wishlists: views })
}
