import {
  MathBN,
  isDefined,
  isPresent,
  PriceListType,
  ProductStatus,
} from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

type Amount = number | string | null | undefined

export type PricedItem = {
  id: string
  variant_id?: string | null
  product_id?: string | null
  unit_price?: Amount
  compare_at_unit_price?: Amount
  is_custom_price?: boolean | null
  is_tax_inclusive?: boolean | null
  is_giftcard?: boolean | null
}

export type PriceSet = {
  calculated_amount?: Amount
  original_amount?: Amount
  is_calculated_price_tax_inclusive?: boolean
  calculated_price?: { price_list_type?: string | null } | null
}

type Variant = {
  id: string
  product?: { id?: string; status?: string; is_giftcard?: boolean | null } | null
}

/** getVariantPriceSetsStep's result: calculated prices by item id (or variant id). */
export type CartPriceSets = Partial<Record<string, PriceSet>>

export type CartPricesUnchangedInput = {
  items: PricedItem[]
  priceSets: CartPriceSets
  variants: Variant[]
}

/**
 * Whether re-pricing the cart's items (what Medusa's refreshCartItemsWorkflow does with
 * `force_refresh`) would write exactly what the items already hold: the price computed
 * for the cart's new pricing context equals each item's unit price and tax inclusivity,
 * no compare-at price would be added, and every variant still exists, is published and
 * priced (otherwise Medusa throws, so the caller must take Medusa's path to get its error).
 * Read-only, so nothing to compensate.
 */
export const cartPricesUnchangedStep = createStep(
  "lean-cart-prices-unchanged",
  async ({ items, priceSets, variants }: CartPricesUnchangedInput) => {
    const byId = new Map(variants.map((v) => [v.id, v]))
    const unchanged = items.every((item) => {
      const isCustomPrice = item.is_custom_price ?? isDefined(item.unit_price)
      const set = priceSets[item.id] ?? (item.variant_id ? priceSets[item.variant_id] : undefined)
      if (item.variant_id && !isCustomPrice && !set) return false
      const variant = item.variant_id ? byId.get(item.variant_id) : undefined
      if (item.variant_id && variant?.product?.status !== ProductStatus.PUBLISHED) return false
      if (!variant) return true
      if ((variant.product?.id ?? item.product_id) !== item.product_id) return false
      if ((variant.product?.is_giftcard ?? false) !== !!item.is_giftcard) return false
      if (isCustomPrice || !set) return true
      if (!MathBN.eq(set.calculated_amount ?? 0, item.unit_price ?? 0)) return false
      if (!!set.is_calculated_price_tax_inclusive !== !!item.is_tax_inclusive) return false
      const onSale =
        set.calculated_price?.price_list_type === PriceListType.SALE &&
        !MathBN.eq(set.original_amount ?? 0, set.calculated_amount ?? 0)
      return isPresent(item.compare_at_unit_price) || !onSale
    })
    return new StepResponse(unchanged)
  }
)
