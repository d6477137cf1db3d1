import type { MedusaContainer } from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  MedusaError,
  ProductStatus,
  QueryContext,
} from "@medusajs/framework/utils"
import { WISHLIST_MODULE } from "../../../modules/wishlist"
import type WishlistModuleService from "../../../modules/wishlist/service"

export type PricingContext = { region_id: string; currency_code: string }

/**
 * Prices follow the cart's region when a cart is given, else the given region.
 * Only the cart's region and currency are read, nothing else of it.
 */
export async function resolvePricingContext(
  container: MedusaContainer,
  params: { cart_id?: string; region_id?: string }
): Promise<PricingContext | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  if (params.cart_id) {
    const { data } = await query.graph({
      entity: "cart",
      fields: ["id", "region_id", "currency_code"],
      filters: { id: params.cart_id },
    })
    const cart = data[0] as any
    if (!cart) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Cart with id: ${params.cart_id} was not found`
      )
    }
    if (cart.region_id) return { region_id: cart.region_id, currency_code: cart.currency_code }
  }
  if (params.region_id) {
    const { data } = await query.graph({
      entity: "region",
      fields: ["id", "currency_code"],
      filters: { id: params.region_id },
    })
    const region = data[0] as any
    if (!region) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Region with id: ${params.region_id} was not found`
      )
    }
    return { region_id: region.id, currency_code: region.currency_code }
  }
  return undefined
}

export type PresentOptions = {
  pricing?: PricingContext
  /** Store views only show variants the channel sells: published and in the channel. */
  sales_channel_id?: string
}

export type WishlistView = {
  id: string
  sales_channel_id: string
  created_at: Date | string
  updated_at: Date | string
  items: WishlistItemView[]
}

export type WishlistItemView = {
  id: string
  variant_id: string
  created_at: Date | string
  variant: {
    id: string
    title: string | null
    sku: string | null
    product: { id: string; title: string; handle: string; thumbnail: string | null }
    calculated_price: {
      calculated_amount: number | null
      original_amount: number | null
      currency_code: string | null
    } | null
  }
}

/**
 * Wishlist with its items joined to the live catalog. An item whose variant no longer
 * exists is left out rather than failing the read (the deletion subscriber removes it).
 */
export async function presentWishlist(
  container: MedusaContainer,
  wishlist: { id: string; sales_channel_id: string; created_at: any; updated_at: any },
  opts: PresentOptions = {}
): Promise<WishlistView> {
  const service: WishlistModuleService = container.resolve(WISHLIST_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const items = await service.listWishlistItems(
    { wishlist_id: wishlist.id },
    { order: { created_at: "ASC" } }
  )
  const variantIds = [...new Set(items.map((i) => i.variant_id))]
  const variants = new Map<string, any>()
  if (variantIds.length) {
    const fields = [
      "id",
      "title",
      "sku",
      "product.id",
      "product.title",
      "product.handle",
      "product.thumbnail",
      "product.status",
      "product.sales_channels.id",
    ]
    if (opts.pricing) fields.push("calculated_price.*")
    const { data } = await query.graph({
      entity: "product_variant",
      fields,
      filters: { id: variantIds },
      ...(opts.pricing ? { context: { calculated_price: QueryContext({ ...opts.pricing }) } } : {}),
    })
    for (const v of data as any[]) variants.set(v.id, v)
  }

  const visible = (v: any) => {
    if (!v?.product) return false
    if (!opts.sales_channel_id) return true
    return (
      v.product.status === ProductStatus.PUBLISHED &&
      (v.product.sales_channels ?? []).some((sc: any) => sc?.id === opts.sales_channel_id)
    )
  }

  return {
    id: wishlist.id,
    sales_channel_id: wishlist.sales_channel_id,
    created_at: wishlist.created_at,
    updated_at: wishlist.updated_at,
    items: items
      .filter((i) => visible(variants.get(i.variant_id)))
      .map((i) => {
        const v = variants.get(i.variant_id)
        const price = v.calculated_price
        return {
          id: i.id,
          variant_id: i.variant_id,
          created_at: i.created_at,
          variant: {
            id: v.id,
            title: v.title ?? null,
            sku: v.sku ?? null,
            product: {
              id: v.product.id,
              title: v.product.title,
              handle: v.product.handle,
              thumbnail: v.product.thumbnail ?? null,
            },
            calculated_price: price
              ? {
                  calculated_amount: price.calculated_amount ?? null,
                  original_amount: price.original_amount ?? null,
                  currency_code: price.currency_code ?? null,
                }
              : null,
          },
        }
      }),
  }
}
