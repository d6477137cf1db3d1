import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import {
  Modules,
  ProductVariantWorkflowEvents,
  ProductWorkflowEvents,
} from "@medusajs/framework/utils"
import { removeDeletedVariantsFromWishlistsWorkflow } from "../workflows/wishlist/remove-deleted-variants-from-wishlists"
import { featureEnabled } from "../lib/plugin-options"

type Deleted = { id: string | string[] }

/**
 * Variants that leave the catalog leave every wishlist too. A product deletion
 * soft-deletes its variants, so they are looked up including deleted rows.
 */
export default async function wishlistCatalogDeletions({
  event,
  container,
}: SubscriberArgs<Deleted>) {
  if (!featureEnabled("wishlist")) return
  const ids = ([] as string[]).concat(event.data?.id ?? [])
  if (!ids.length) return
  let variantIds = ids
  if (event.name === ProductWorkflowEvents.DELETED) {
    const variants = await container
      .resolve(Modules.PRODUCT)
      .listProductVariants({ product_id: ids }, { select: ["id"], withDeleted: true })
    variantIds = variants.map((v) => v.id)
  }
  if (!variantIds.length) return
  await removeDeletedVariantsFromWishlistsWorkflow(container).run({
    input: { variant_ids: variantIds },
  })
}

export const config: SubscriberConfig = {
  event: [ProductVariantWorkflowEvents.DELETED, ProductWorkflowEvents.DELETED],
}
