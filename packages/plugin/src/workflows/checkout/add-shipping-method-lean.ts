import {
  acquireLockStep,
  addShippingMethodToCartStep,
  addShippingMethodToCartWorkflow,
  emitEventStep,
  listShippingOptionsForCartWithPricingWorkflow,
  refreshCartItemsWorkflow,
  refreshCartShippingMethodsWorkflow,
  refreshPaymentCollectionForCartWorkflow,
  releaseLockStep,
  removeShippingMethodFromCartStep,
  updateCartPromotionsWorkflow,
  upsertTaxLinesWorkflow,
  useRemoteQueryStep,
  validateAndReturnShippingMethodsDataStep,
  validateCartShippingOptionsPriceStep,
  validateCartShippingOptionsStep,
  validateCartStep,
} from "@medusajs/medusa/core-flows"
import { CartWorkflowEvents, MedusaError, PromotionActions } from "@medusajs/framework/utils"
import {
  createWorkflow,
  parallelize,
  transform,
  when,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { watchHooks } from "../../lib/checkout/hook-watch"
import { cartMayGetPromotionsStep } from "./steps/cart-may-get-promotions"

/**
 * Core workflows whose hooks the lean path skips or runs with a different input; while
 * any of them has a handler, the route runs Medusa's own handler (see decision 0232).
 */
export const leanShippingMethodHookedWorkflows = [
  addShippingMethodToCartWorkflow,
  refreshCartItemsWorkflow,
  refreshCartShippingMethodsWorkflow,
  listShippingOptionsForCartWithPricingWorkflow,
  upsertTaxLinesWorkflow,
  updateCartPromotionsWorkflow,
  refreshPaymentCollectionForCartWorkflow,
] as const
watchHooks(leanShippingMethodHookedWorkflows)

/** The cart graph Medusa's refresh steps read (core-flows' cartFieldsForRefreshSteps). */
const CART_FIELDS = [
  "id",
  "email",
  "currency_code",
  "quantity",
  "subtotal",
  "original_item_total",
  "item_total",
  "locale",
  "total",
  "original_item_subtotal",
  "item_subtotal",
  "shipping_subtotal",
  "region_id",
  "metadata",
  "completed_at",
  "sales_channel_id",
  "region.*",
  "items.*",
  "items.product.id",
  "items.product.is_giftcard",
  "items.product.collection_id",
  "items.product.categories.id",
  "items.product.tags.id",
  "items.product.type_id",
  "items.product.weight",
  "items.variant.id",
  "items.variant.product.id",
  "items.variant.product.shipping_profile.id",
  "items.variant.weight",
  "items.variant.length",
  "items.variant.height",
  "items.variant.width",
  "items.variant.material",
  "items.adjustments.*",
  "items.tax_lines.*",
  "shipping_address.*",
  "shipping_methods.*",
  "shipping_methods.adjustments.*",
  "shipping_methods.tax_lines.*",
  "shipping_methods.shipping_option.shipping_option_type_id",
  "shipping_methods.shipping_option.shipping_profile_id",
  "customer.*",
  "customer.groups.*",
  "promotions.id",
  "promotions.code",
  "payment_collection.id",
  "payment_collection.raw_amount",
  "payment_collection.amount",
  "payment_collection.currency_code",
  "payment_collection.payment_sessions.id",
]

export type LeanAddShippingMethodInput = {
  cart_id: string
  options: { id: string; data?: Record<string, unknown> }[]
}

type CartMethod = {
  id: string
  name?: string
  shipping_option_id?: string | null
  amount?: unknown
  adjustments?: unknown[] | null
  shipping_option?: { shipping_profile_id?: string | null } | null
}
type LeanCart = {
  id: string
  shipping_methods?: CartMethod[] | null
  items?: { adjustments?: unknown[] | null }[] | null
  promotions?: ({ code?: string | null } | null)[] | null
  payment_collection?: { id?: string } | null
  [field: string]: unknown
}
type PricedOption = {
  id: string
  name: string
  provider_id?: string
  shipping_profile_id?: string
  price_type?: string
  data?: Record<string, unknown> | null
  stock_location?: Record<string, unknown>
  calculated_price?: {
    calculated_amount?: unknown
    is_calculated_price_tax_inclusive?: boolean
  } | null
  prices?: { price_rules?: { attribute?: string }[] | null }[] | null
}

/** A price rule on something this request changes (the cart's totals or shipping methods). */
function ruleReadsChangedField(attribute: string | undefined): boolean {
  if (!attribute) return true
  if (attribute.startsWith("item_")) return false
  return /total|shipping/.test(attribute)
}

/**
 * Adds (or replaces) a cart's shipping method like Medusa's addShippingMethodToCartWorkflow,
 * without the part of refreshCartItemsWorkflow whose inputs this request did not change:
 * the method is priced from the listing this workflow just did, tax lines are computed for
 * the new method only, and promotions / payment collection are recomputed only when the
 * cart can have them. Same lock, validations, steps and `cart.updated` event.
 */
export const leanAddShippingMethodToCartWorkflow = createWorkflow(
  "lean-add-shipping-method-to-cart",
  (input: LeanAddShippingMethodInput) => {
    acquireLockStep({ key: input.cart_id, timeout: 2, ttl: 10 })

    const cart = useRemoteQueryStep({
      entry_point: "cart",
      fields: CART_FIELDS,
      variables: { id: input.cart_id },
      list: false,
      throw_if_key_not_found: true,
    }) as unknown as LeanCart

    validateCartStep({ cart } as unknown as Parameters<typeof validateCartStep>[0])

    const optionIds = transform({ input }, ({ input }) => input.options.map((o) => o.id))

    const listed = listShippingOptionsForCartWithPricingWorkflow.runAsStep({
      input: { options: input.options, cart_id: cart.id, is_return: false },
    })
    const shippingOptions = listed as unknown as PricedOption[]

    validateCartShippingOptionsStep({
      option_ids: optionIds,
      prefetched_shipping_options: listed,
    } as unknown as Parameters<typeof validateCartShippingOptionsStep>[0])
    validateCartShippingOptionsPriceStep({
      shippingOptions: listed,
    } as unknown as Parameters<typeof validateCartShippingOptionsPriceStep>[0])

    const methodDataInput = transform({ input, shippingOptions, cart }, (data) =>
      data.input.options.map((option) => {
        const so = data.shippingOptions.find((s) => s.id === option.id)
        return {
          id: option.id,
          provider_id: so?.provider_id,
          option_data: so?.data ?? {},
          method_data: option.data ?? {},
          context: { ...data.cart, from_location: so?.stock_location ?? {} },
        }
      })
    )
    const validatedMethodData = validateAndReturnShippingMethodsDataStep(
      methodDataInput as unknown as Parameters<typeof validateAndReturnShippingMethodsDataStep>[0]
    ) as unknown as (Record<string, Record<string, unknown>> | undefined)[] | undefined

    const newMethods = transform({ input, shippingOptions, validatedMethodData }, (data) =>
      data.input.options.map((option) => {
        const so = data.shippingOptions.find((s) => s.id === option.id)
        if (!so?.calculated_price) {
          throw new MedusaError(
            MedusaError.Types.INVALID_DATA,
            `Shipping option with ID ${so?.id ?? option.id} do not have a price`
          )
        }
        const validated = data.validatedMethodData?.find((d) => d?.[option.id])
        return {
          shipping_option_id: so.id,
          amount: so.calculated_price.calculated_amount as number,
          is_tax_inclusive: !!so.calculated_price.is_calculated_price_tax_inclusive,
          data: validated?.[option.id] ?? {},
          name: so.name,
          cart_id: data.input.cart_id,
        }
      })
    )

    // Existing methods of the incoming options' shipping profiles (or with no profile) go.
    const replacedIds = transform({ input, shippingOptions, cart }, (data) => {
      const profiles = new Set(
        data.input.options
          .map((o) => data.shippingOptions.find((s) => s.id === o.id)?.shipping_profile_id)
          .filter(Boolean)
      )
      return (data.cart.shipping_methods ?? [])
        .filter(
          (sm) =>
            !sm.shipping_option?.shipping_profile_id ||
            profiles.has(sm.shipping_option.shipping_profile_id)
        )
        .map((sm) => sm.id)
    })

    const [, created] = parallelize(
      removeShippingMethodFromCartStep({ shipping_method_ids: replacedIds }),
      addShippingMethodToCartStep({ shipping_methods: newMethods })
    )

    const plan = transform({ cart, replacedIds, shippingOptions, input }, (data) => {
      const kept = (data.cart.shipping_methods ?? []).filter(
        (sm) => !data.replacedIds.includes(sm.id)
      )
      const chosen = data.input.options.map((o) => data.shippingOptions.find((s) => s.id === o.id))
      // Medusa re-lists and re-prices every method after the change. That can only give
      // another answer when other methods stay (other profiles, orphan clean-up), the
      // price comes from a provider's calculation, or a price rule reads the cart's totals
      // or shipping methods, which this request changed. Then run Medusa's refresh.
      const refreshShipping =
        kept.length > 0 ||
        chosen.some(
          (so) =>
            !so ||
            so.price_type !== "flat" ||
            (so.prices ?? []).some((p) =>
              (p.price_rules ?? []).some((r) => ruleReadsChangedField(r.attribute))
            )
        )
      const promotionCodes = (data.cart.promotions ?? [])
        .map((p) => p?.code)
        .filter((c): c is string => !!c)
      const adjustmentCount =
        (data.cart.items ?? []).reduce((n, i) => n + (i.adjustments?.length ?? 0), 0) +
        kept.reduce((n, sm) => n + (sm.adjustments?.length ?? 0), 0)
      return {
        kept,
        refreshShipping,
        promotionCodes,
        adjustmentCount,
        hasPaymentCollection: !!data.cart.payment_collection?.id,
      }
    })

    when("lean-refresh-shipping-methods", { plan }, ({ plan }) => plan.refreshShipping).then(() => {
      refreshCartShippingMethodsWorkflow.runAsStep({ input: { cart_id: input.cart_id } })
    })

    // Tax lines for the new methods only (items and kept methods did not change), with the
    // cart as Medusa's refresh sees it: the new methods in place of the replaced ones.
    const taxInput = transform({ cart, plan, created }, (data) => ({
      cart: {
        ...data.cart,
        shipping_methods: [...data.plan.kept, ...(data.created as unknown as CartMethod[])],
      },
      items: [],
      shipping_methods: data.created,
    }))
    upsertTaxLinesWorkflow.runAsStep({
      input: taxInput as unknown as Parameters<typeof upsertTaxLinesWorkflow.runAsStep>[0]["input"],
    })

    const mayGetPromotions = cartMayGetPromotionsStep({
      promotion_codes: plan.promotionCodes,
      adjustment_count: plan.adjustmentCount,
    })
    when(
      "lean-update-promotions",
      { mayGetPromotions },
      ({ mayGetPromotions }) => mayGetPromotions
    ).then(() => {
      updateCartPromotionsWorkflow.runAsStep({
        input: {
          cart_id: input.cart_id,
          promo_codes: plan.promotionCodes,
          action: PromotionActions.REPLACE,
          force_refresh_payment_collection: false,
        },
      })
    })

    when("lean-refresh-payment-collection", { plan }, ({ plan }) => plan.hasPaymentCollection).then(
      () => {
        refreshPaymentCollectionForCartWorkflow.runAsStep({ input: { cart_id: input.cart_id } })
      }
    )

    parallelize(
      emitEventStep({ eventName: CartWorkflowEvents.UPDATED, data: { id: input.cart_id } }),
      releaseLockStep({ key: input.cart_id })
    )
    return new WorkflowResponse(void 0)
  }
)
