import {
  acquireLockStep,
  emitEventStep,
  findOrCreateCustomerStep,
  findSalesChannelStep,
  getVariantPriceSetsStep,
  prepareCartToUpdateStep,
  refreshCartItemsWorkflow,
  refreshCartShippingMethodsWorkflow,
  refreshPaymentCollectionForCartWorkflow,
  releaseLockStep,
  updateCartPromotionsWorkflow,
  updateCartsStep,
  updateCartWorkflow,
  updateTaxLinesWorkflow,
  useQueryGraphStep,
  validateCartStep,
} from "@medusajs/medusa/core-flows"
import type { UpdateCartWorkflowInputDTO } from "@medusajs/framework/types"
import { CartWorkflowEvents, filterObjectByKeys, PromotionActions } from "@medusajs/framework/utils"
import {
  createWorkflow,
  parallelize,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  type CartPriceSets,
  cartPricesUnchangedStep,
  type PricedItem,
} from "./steps/cart-prices-unchanged"
import { requireSalesChannelStep } from "./steps/require-sales-channel"
import { watchHooks } from "../../lib/checkout/hook-watch"
// Our own update-cart hooks register first, so only handlers registered after them (the
// app's) count below; the route sends the cases those hooks act on to Medusa's handler.
import "../hooks/update-cart-guest-email"

/** Workflows whose hooks the lean update skips or runs with a different input. */
export const leanUpdateCartHookedWorkflows = [
  updateCartWorkflow,
  refreshCartItemsWorkflow,
  refreshCartShippingMethodsWorkflow,
  updateTaxLinesWorkflow,
  updateCartPromotionsWorkflow,
  refreshPaymentCollectionForCartWorkflow,
] as const
watchHooks(leanUpdateCartHookedWorkflows)

/** What the lean path accepts: an e-mail and/or addresses (the route delegates the rest). */
export type LeanUpdateCartInput = Pick<
  UpdateCartWorkflowInputDTO,
  "id" | "email" | "shipping_address" | "billing_address"
>

/** Medusa's pricing-context fields of a cart (core-flows' fieldsForPricingContext, not exported). */
const PRICING_CONTEXT_FIELDS = [
  "id",
  "sales_channel_id",
  "currency_code",
  "region_id",
  "shipping_address.city",
  "shipping_address.country_code",
  "shipping_address.province",
  "shipping_address.postal_code",
  "item_total",
  "total",
  "locale",
  "customer.id",
  "email",
  "customer.groups.id",
]

type Address = {
  id?: string | null
  country_code?: string | null
  province?: string | null
  postal_code?: string | null
  city?: string | null
} | null

type CartRead = {
  id: string
  email?: string | null
  customer_id?: string | null
  sales_channel_id?: string | null
  completed_at?: string | Date | null
  shipping_address?: Address
  region?: { id?: string } | null
  promotions?: ({ code?: string | null } | null)[] | null
  shipping_methods?: ({ id: string; adjustments?: unknown[] | null } | null)[] | null
  items?: ({ adjustments?: unknown[] | null } | null)[] | null
  payment_collection?: { id: string } | null
}

type PricingCart = Record<string, unknown> & {
  id: string
  currency_code?: string | null
  region_id?: string | null
  customer_id?: string | null
  customer?: unknown
  region?: { currency_code?: string | null } | null
  items?: (PricedItem & { quantity?: number | string })[] | null
}

export const leanUpdateCartWorkflowId = "lean-update-cart"

/**
 * Decision 0234: Medusa's updateCartWorkflow for the checkout's common case (a guest sets
 * the e-mail and the addresses in the cart's region), with the same steps in the same
 * order, minus the refreshes whose inputs this update cannot change. Medusa re-runs the
 * whole refreshCartItemsWorkflow after every update; here
 * - items are re-priced (by that very workflow) only when the new pricing context would
 *   change a price — checked by computing the prices first — else Medusa's refreshes run
 *   one by one, each only when it can do something:
 * - shipping methods when the cart has any; tax lines when a tax-relevant address field
 *   changed (Medusa's own condition); promotions when the cart has codes or adjustments or
 *   an automatic promotion exists; the payment collection when there is one, with the cart
 *   read where Medusa reads it (after pricing, before shipping/taxes/promotions).
 * Same lock, same `cart.updated` event, same errors (validation steps are Medusa's).
 */
export const leanUpdateCartWorkflow = createWorkflow(
  { name: leanUpdateCartWorkflowId, idempotent: false },
  (input: WorkflowData<LeanUpdateCartInput>) => {
    acquireLockStep({ key: input.id, timeout: 2, ttl: 10 })

    const { data: cartToUpdate } = useQueryGraphStep({
      entity: "cart",
      filters: { id: input.id },
      fields: [
        "id",
        "email",
        "customer_id",
        "sales_channel_id",
        "locale",
        "completed_at",
        "shipping_address.*",
        "region.*",
        "region.countries.*",
        "promotions.code",
        "items.adjustments.id",
        "shipping_methods.id",
        "shipping_methods.adjustments.id",
        "payment_collection.id",
      ],
      pagination: { take: 1 },
      options: { throwIfKeyNotFound: true, isList: false },
    }).config({ name: "lean-get-cart" })

    const customerInput = transform({ input, cartToUpdate }, ({ input, cartToUpdate }) => {
      const cart = cartToUpdate as unknown as CartRead
      return {
        salesChannelId: cart.sales_channel_id,
        customerId: cart.customer_id,
        email: input.email ?? cart.email,
      }
    })
    const [salesChannel, customer] = parallelize(
      findSalesChannelStep({ salesChannelId: customerInput.salesChannelId }),
      findOrCreateCustomerStep({
        customerId: customerInput.customerId,
        email: customerInput.email,
      })
    )
    requireSalesChannelStep({ salesChannel })

    const region = transform({ cartToUpdate }, ({ cartToUpdate }) => cartToUpdate.region)
    const cartInput = prepareCartToUpdateStep({
      input,
      region,
      customer,
      salesChannel,
      cartToUpdate,
    })
    // Medusa reads completed_at only in the refresh, after the update (then compensated).
    validateCartStep({ cart: cartToUpdate })

    parallelize(
      updateCartsStep([cartInput]),
      emitEventStep({ eventName: CartWorkflowEvents.UPDATED, data: { id: input.id } })
    )

    // Medusa's condition for re-pricing and recomputing tax lines (update-cart's force_refresh).
    const taxRelevantAddressChanged = transform(
      { input, cartToUpdate },
      ({ input, cartToUpdate }) => {
        const next = input.shipping_address as Address | undefined
        if (!next) return false
        const prev = (cartToUpdate as unknown as CartRead).shipping_address
        const changed = (a: unknown, b: unknown) => a !== undefined && a !== b
        const nextId = "id" in next ? next.id : undefined
        return (
          changed(nextId, prev?.id) ||
          changed(next.country_code?.toLowerCase(), prev?.country_code?.toLowerCase()) ||
          changed(next.province, prev?.province) ||
          changed(next.postal_code, prev?.postal_code) ||
          changed(next.city, prev?.city)
        )
      }
    )

    const pricesUnchanged = when(
      "lean-check-prices",
      { taxRelevantAddressChanged },
      ({ taxRelevantAddressChanged }) => taxRelevantAddressChanged
    ).then(() => {
      const { data: pricingCart } = useQueryGraphStep({
        entity: "cart",
        filters: { id: input.id },
        fields: [
          ...PRICING_CONTEXT_FIELDS,
          "region.*",
          "customer.*",
          "customer.groups.*",
          "items.id",
          "items.variant_id",
          "items.product_id",
          "items.quantity",
          "items.unit_price",
          "items.compare_at_unit_price",
          "items.is_custom_price",
          "items.is_tax_inclusive",
          "items.is_giftcard",
        ],
        options: { throwIfKeyNotFound: true, isList: false },
      }).config({ name: "lean-get-pricing-cart" })

      const pricing = transform({ pricingCart }, ({ pricingCart }) => {
        const cart = pricingCart as unknown as PricingCart
        const items = (cart.items ?? []).filter((i): i is NonNullable<typeof i> => !!i)
        const base = {
          ...filterObjectByKeys(cart, PRICING_CONTEXT_FIELDS),
          customer: cart.customer,
          region: cart.region,
          currency_code: cart.currency_code ?? cart.region?.currency_code,
          region_id: cart.region_id,
          customer_id: cart.customer_id,
        }
        return {
          items,
          variantIds: [...new Set(items.map((i) => i.variant_id).filter((v): v is string => !!v))],
          data: items
            .filter((i) => i.variant_id)
            .map((i) => ({
              id: i.id,
              variantId: i.variant_id as string,
              context: { ...base, quantity: i.quantity, is_custom_price: !!i.unit_price },
            })),
        }
      })
      const { data: variants } = useQueryGraphStep({
        entity: "variants",
        fields: ["id", "product.id", "product.status", "product.is_giftcard"],
        filters: { id: pricing.variantIds },
      }).config({ name: "lean-get-variants" })
      const priceSets = getVariantPriceSetsStep({ data: pricing.data })
      return cartPricesUnchangedStep({
        items: pricing.items,
        priceSets: transform({ priceSets }, ({ priceSets }) => priceSets as CartPriceSets),
        variants,
      })
    })

    const plan = transform(
      { cartToUpdate, taxRelevantAddressChanged, pricesUnchanged },
      ({ cartToUpdate, taxRelevantAddressChanged, pricesUnchanged }) => {
        const cart = cartToUpdate as unknown as CartRead
        const codes = (cart.promotions ?? []).map((p) => p?.code).filter((c): c is string => !!c)
        const adjusted =
          (cart.items ?? []).some((i) => !!i?.adjustments?.length) ||
          (cart.shipping_methods ?? []).some((m) => !!m?.adjustments?.length)
        return {
          fullRefresh: taxRelevantAddressChanged && pricesUnchanged !== true,
          taxes: taxRelevantAddressChanged,
          shippingMethods: !!cart.shipping_methods?.length,
          paymentCollection: !!cart.payment_collection,
          promoCodes: codes,
          promotionsOnCart: codes.length > 0 || (cart.promotions?.length ?? 0) > 0 || adjusted,
        }
      }
    )

    // A price would change (or Medusa would reject an item): Medusa's own refresh, as core does.
    when("lean-full-refresh", { plan }, ({ plan }) => plan.fullRefresh).then(() => {
      refreshCartItemsWorkflow.runAsStep({
        input: { cart_id: input.id, force_refresh: true },
      })
    })

    const lean = transform({ plan }, ({ plan }) => !plan.fullRefresh)

    // Medusa hands the payment-collection refresh the cart it read after pricing.
    const paymentCart = when(
      "lean-read-payment-cart",
      { lean, plan },
      ({ lean, plan }) => lean && plan.paymentCollection
    ).then(() => {
      const { data } = useQueryGraphStep({
        entity: "cart",
        filters: { id: input.id },
        fields: [
          "id",
          "region_id",
          "currency_code",
          "total",
          "raw_total",
          "completed_at",
          "payment_collection.id",
          "payment_collection.raw_amount",
          "payment_collection.amount",
          "payment_collection.currency_code",
          "payment_collection.payment_sessions.id",
        ],
        options: { throwIfKeyNotFound: true, isList: false },
      }).config({ name: "lean-get-payment-cart" })
      return data
    })

    when(
      "lean-refresh-shipping-methods",
      { lean, plan },
      ({ lean, plan }) => lean && plan.shippingMethods
    ).then(() => {
      refreshCartShippingMethodsWorkflow.runAsStep({ input: { cart_id: input.id } })
    })

    when("lean-update-tax-lines", { lean, plan }, ({ lean, plan }) => lean && plan.taxes).then(
      () => {
        updateTaxLinesWorkflow.runAsStep({ input: { cart_id: input.id } })
      }
    )

    const automatic = when(
      "lean-find-automatic-promotion",
      { lean, plan },
      ({ lean, plan }) => lean && !plan.promotionsOnCart
    ).then(() => {
      const { data } = useQueryGraphStep({
        entity: "promotion",
        filters: { is_automatic: true },
        fields: ["id"],
        pagination: { take: 1 },
      }).config({ name: "lean-get-automatic-promotion" })
      return data
    })

    when(
      "lean-update-promotions",
      { lean, plan, automatic },
      ({ lean, plan, automatic }) => lean && (plan.promotionsOnCart || !!automatic?.length)
    ).then(() => {
      updateCartPromotionsWorkflow.runAsStep({
        input: {
          cart_id: input.id,
          promo_codes: plan.promoCodes,
          action: PromotionActions.REPLACE,
          force_refresh_payment_collection: false,
        },
      })
    })

    when(
      "lean-refresh-payment-collection",
      { lean, plan },
      ({ lean, plan }) => lean && plan.paymentCollection
    ).then(() => {
      refreshPaymentCollectionForCartWorkflow.runAsStep({
        input: { cart: paymentCart as never },
      })
    })

    releaseLockStep({ key: input.id })
    return new WorkflowResponse(undefined)
  }
)
