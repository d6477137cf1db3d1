import { ContainerRegistrationKeys, MedusaError, ProductStatus } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export type ValidateWishlistVariantStepInput = { variant_id: string; sales_channel_id: string }

/**
 * A shopper may only wish for what the storefront can sell: an existing variant of a
 * published product in the sales channel of the request's publishable key. Every
 * failure reads "not found" so drafts and other channels are not revealed.
 */
export const validateWishlistVariantStep = createStep(
  "validate-wishlist-variant",
  async (input: ValidateWishlistVariantStepInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "product_variant",
      fields: ["id", "product.id", "product.status", "product.sales_channels.id"],
      filters: { id: input.variant_id },
    })
    const variant = data[0] as any
    const product = variant?.product
    const sellable =
      product &&
      product.status === ProductStatus.PUBLISHED &&
      (product.sales_channels ?? []).some((sc: any) => sc?.id === input.sales_channel_id)
    if (!sellable) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Variant with id: ${input.variant_id} was not found`
      )
    }
    return new StepResponse({ variant_id: variant.id as string, product_id: product.id as string })
  }
)
