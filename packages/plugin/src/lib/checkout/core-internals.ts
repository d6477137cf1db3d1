import path from "node:path"
import type { ReturnWorkflow, StepFunction } from "@medusajs/framework/workflows-sdk"

/**
 * Parts of Medusa's core-flows (pinned 2.21.2) that its package does not export but its
 * cart workflows use: the pricing sub-workflow, a sales-channel check and field lists. They are loaded
 * from the installed package itself (the same module instances Medusa runs, nothing copied),
 * so a lean workflow composed from them prices and validates exactly as Medusa does. The
 * lean parity specs fail if an upgrade moves or changes them.
 */
// Resolved from @medusajs/medusa (a declared peer), whose `core-flows` export re-exports this
// package: the copy Medusa's own routes run, without a dependency of ours on it.
const medusaDir = path.dirname(require.resolve("@medusajs/medusa/package.json"))
const coreFlowsDist = path.dirname(require.resolve("@medusajs/core-flows", { paths: [medusaDir] }))

function internal<T>(relative: string): T {
  return require(path.join(coreFlowsDist, relative)) as T
}

type PricedItems = {
  variants: Record<string, unknown>[]
  lineItems: { selector: { id?: string }; data: Record<string, unknown> }[]
}

export const { getVariantsAndItemsWithPrices } = internal<{
  getVariantsAndItemsWithPrices: ReturnWorkflow<
    {
      cart: unknown
      items?: unknown[]
      setPricingContextResult?: unknown
      variants?: { id?: string[]; fields?: string[] }
    },
    PricedItems,
    []
  >
}>("cart/workflows/get-variants-and-items-with-prices.js")

export const { validateSalesChannelStep } = internal<{
  validateSalesChannelStep: StepFunction<{ salesChannel: unknown }, unknown>
}>("cart/steps/validate-sales-channel.js")

const fields = internal<{
  cartFieldsForPricingContext: string[]
  productVariantsFields: string[]
}>("cart/utils/fields.js")

const inventory = internal<{ requiredVariantFieldsForInventoryConfirmation: string[] }>(
  "cart/utils/prepare-confirm-inventory-input.js"
)

/** add-to-cart's own cart and variant field lists. */
export const addToCartCartFields = ["completed_at", "locale", ...fields.cartFieldsForPricingContext]
export const addToCartVariantFields = Array.from(
  new Set([
    ...fields.productVariantsFields,
    ...inventory.requiredVariantFieldsForInventoryConfirmation,
  ])
)
