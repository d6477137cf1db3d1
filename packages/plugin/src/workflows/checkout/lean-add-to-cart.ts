import {
  acquireLockStep,
  addToCartWorkflow,
  confirmVariantInventoryWorkflow,
  createLineItemsStep,
  emitEventStep,
  getLineItemActionsStep,
  getLineItemPricingQuantitiesStep,
  getTranslatedLineItemsStep,
  refreshCartItemsWorkflow,
  refreshCartShippingMethodsWorkflow,
  refreshPaymentCollectionForCartWorkflow,
  releaseLockStep,
  updateCartPromotionsWorkflow,
  updateLineItemsStep,
  upsertTaxLinesWorkflow,
  useQueryGraphStep,
  validateCartStep,
  validateLineItemPricesStep,
} from "@medusajs/medusa/core-flows"
import type { CartDTO, CartLineItemDTO, CreateLineItemForCartDTO } from "@medusajs/framework/types"
import { CartWorkflowEvents, isDefined, PromotionActions } from "@medusajs/framework/utils"
import {
  createWorkflow,
  parallelize,
  transform,
  when,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  addToCartCartFields,
  addToCartVariantFields,
  getVariantsAndItemsWithPrices,
} from "../../lib/checkout/core-internals"
import { watchHooks } from "../../lib/checkout/hook-watch"
import { anyAutomaticPromotionStep } from "./steps/any-automatic-promotion"

export type LeanAddToCartInput = {
  cart_id: string
  items: { variant_id: string; quantity: number; metadata?: Record<string, unknown> | null }[]
}

/** Add-to-cart and the refresh it runs, whose hooks the lean workflow does not run. */
export const leanAddToCartHookedWorkflows = [addToCartWorkflow, refreshCartItemsWorkflow] as const
watchHooks(leanAddToCartHookedWorkflows)

/** What the refresh after the write depends on, read with the cart at the start. */
const refreshStateFields = [
  "promotions.code",
  "items.adjustments.id",
  "shipping_methods.id",
  "shipping_methods.adjustments.id",
  "payment_collection.id",
]

type CartState = CartDTO & {
  promotions?: ({ code?: string | null } | null)[]
  payment_collection?: { id: string } | null
}

export const leanAddToCartWorkflowId = "lean-add-to-cart"

/**
 * Medusa's add-to-cart (core-flows 2.21.2) with the same lock, cart checks, pricing (for the
 * merged quantity), price validation, inventory confirmation, translation and line item
 * writes, and the same `cart.updated` event. Instead of refreshCartItemsWorkflow it runs only
 * the refreshes whose inputs this write changes (decision 0236):
 * - tax lines of the created/updated items (Medusa's upsertTaxLinesWorkflow, as the refresh does);
 * - shipping methods re-priced only when the cart has some;
 * - promotions recomputed (Medusa's updateCartPromotionsWorkflow, codes replaced by the
 *   cart's own, as the refresh does) only when the cart has a code or an adjustment or any
 *   automatic promotion exists, since otherwise none can apply;
 * - the payment collection refreshed only when the cart has one.
 * The route delegates to Medusa's handler when `additional_data` is sent or an app registered
 * a handler on one of the hooks this workflow skips.
 */
export const leanAddToCartWorkflow = createWorkflow(
  leanAddToCartWorkflowId,
  (input: LeanAddToCartInput) => {
    acquireLockStep({ key: input.cart_id, timeout: 2, ttl: 10 })

    const { data: cart } = useQueryGraphStep({
      entity: "cart",
      filters: { id: input.cart_id },
      fields: [...addToCartCartFields, ...refreshStateFields],
      options: { throwIfKeyNotFound: true, isList: false },
    }).config({ name: "get-cart" })
    validateCartStep({ cart })

    const variantIds = transform({ input }, ({ input }) => input.items.map((i) => i.variant_id))

    // As add-to-cart: a variant already in the cart is priced for the merged quantity, and
    // the prepared item keeps the added quantity (getLineItemActionsStep adds them up).
    const pricingQuantities = getLineItemPricingQuantitiesStep({
      id: input.cart_id,
      items: input.items,
    })
    const itemsToPrice = transform({ input, pricingQuantities }, ({ input, pricingQuantities }) =>
      input.items.map((item, i) => ({ ...item, quantity: pricingQuantities[i] ?? item.quantity }))
    )
    const priced = getVariantsAndItemsWithPrices.runAsStep({
      input: {
        cart,
        items: itemsToPrice,
        variants: { id: variantIds, fields: addToCartVariantFields },
      },
    })
    const lineItems = transform({ priced, input }, ({ priced, input }) =>
      priced.lineItems.map(
        (item, i) =>
          ({
            ...item.data,
            quantity: input.items[i]?.quantity ?? item.data.quantity,
          }) as unknown as CreateLineItemForCartDTO
      )
    )
    // Medusa's step types unit_price as a number where the prepared item has a BigNumberInput.
    validateLineItemPricesStep({
      items: transform({ lineItems }, ({ lineItems }) =>
        lineItems.map((item) => ({ title: item.title, unit_price: item.unit_price as number }))
      ),
    })

    const { itemsToCreate = [], itemsToUpdate = [] } = getLineItemActionsStep({
      id: input.cart_id,
      items: lineItems,
    })
    const itemsToConfirmInventory = transform({ itemsToUpdate, itemsToCreate }, (data) =>
      (data.itemsToUpdate as unknown[])
        .concat(data.itemsToCreate)
        .filter((item) =>
          isDefined(
            item && typeof item === "object" && "data" in item
              ? (item as { data?: { variant_id?: string } }).data?.variant_id
              : (item as { variant_id?: string }).variant_id
          )
        )
    )
    const variants = transform({ priced }, ({ priced }) => priced.variants)
    confirmVariantInventoryWorkflow.runAsStep({
      input: {
        sales_channel_id: cart.sales_channel_id,
        variants: variants as never,
        items: input.items,
        itemsToUpdate: itemsToConfirmInventory as never,
      },
    })

    const itemsToCreateVariants = transform({ itemsToCreate, variants }, (data) => {
      const byId = new Map(data.variants.map((v) => [v.id, v]))
      return (data.itemsToCreate ?? [])
        .map((item) => item.variant_id && byId.get(item.variant_id))
        .filter(Boolean)
    })
    const translatedItemsToCreate = getTranslatedLineItemsStep({
      items: itemsToCreate,
      variants: itemsToCreateVariants as never,
      locale: cart.locale,
    })
    const [created, updated] = parallelize(
      createLineItemsStep({ id: input.cart_id, items: translatedItemsToCreate }),
      updateLineItemsStep({ id: input.cart_id, items: itemsToUpdate })
    )
    const allItems = transform({ created, updated }, ({ created = [], updated = [] }) =>
      (created as CartLineItemDTO[]).concat(updated as CartLineItemDTO[])
    )

    // --- the refresh, limited to what this write changes ---
    const state = transform({ cart }, ({ cart }) => {
      const c = cart as unknown as CartState
      const codes = (c.promotions ?? []).map((p) => p?.code).filter((v): v is string => !!v)
      const adjusted =
        (c.items ?? []).some((i) => (i.adjustments ?? []).length > 0) ||
        (c.shipping_methods ?? []).some((m) => (m.adjustments ?? []).length > 0)
      return {
        codes,
        promotionsApplied: codes.length > 0 || adjusted,
        hasShippingMethods: (c.shipping_methods ?? []).length > 0,
        hasPaymentCollection: !!c.payment_collection?.id,
      }
    })

    when("lean-refresh-shipping-methods", { state }, ({ state }) => state.hasShippingMethods).then(
      () => {
        refreshCartShippingMethodsWorkflow.runAsStep({ input: { cart_id: input.cart_id } })
      }
    )

    upsertTaxLinesWorkflow.runAsStep({
      input: transform({ input, allItems }, ({ input, allItems }) => ({
        cart_id: input.cart_id,
        items: allItems,
        shipping_methods: [],
      })) as never,
    })

    const automatic = when(
      "lean-check-automatic-promotions",
      { state },
      ({ state }) => !state.promotionsApplied
    ).then(() => anyAutomaticPromotionStep())
    when(
      "lean-refresh-promotions",
      { state, automatic },
      ({ state, automatic }) => state.promotionsApplied || automatic === true
    ).then(() => {
      updateCartPromotionsWorkflow.runAsStep({
        input: {
          cart_id: input.cart_id,
          promo_codes: state.codes,
          action: PromotionActions.REPLACE,
          force_refresh_payment_collection: false,
        },
      })
    })

    when(
      "lean-refresh-payment-collection",
      { state },
      ({ state }) => state.hasPaymentCollection
    ).then(() => {
      refreshPaymentCollectionForCartWorkflow.runAsStep({ input: { cart_id: input.cart_id } })
    })

    parallelize(
      emitEventStep({ eventName: CartWorkflowEvents.UPDATED, data: { id: input.cart_id } }),
      releaseLockStep({ key: input.cart_id })
    )
    return new WorkflowResponse(void 0)
  }
)
