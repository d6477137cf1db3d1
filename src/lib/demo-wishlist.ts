import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import { createCustomerAccountWorkflow } from "@medusajs/medusa/core-flows"
import { addWishlistItemWorkflow } from "@commerce-api/plugin/workflows/wishlist/add-wishlist-item"

export const DEMO_CUSTOMER_EMAIL = "demo@example.com"
/** Documented demo password; set DEMO_CUSTOMER_PASSWORD to use another one. */
export const DEFAULT_DEMO_CUSTOMER_PASSWORD = "demo-shopper-password"
export const DEMO_WISHLIST_SIZE = 3

/**
 * Creates the demo customer (a real account that can log in with emailpass) with a
 * wishlist of three variants in the demo sales channel. Idempotent per customer.
 */
export async function seedDemoWishlist(container: MedusaContainer, salesChannelId: string) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const customers = container.resolve(Modules.CUSTOMER)
  const auth = container.resolve(Modules.AUTH)

  let [customer] = await customers.listCustomers({
    email: DEMO_CUSTOMER_EMAIL,
    has_account: true,
  })
  if (!customer) {
    const password = process.env.DEMO_CUSTOMER_PASSWORD || DEFAULT_DEMO_CUSTOMER_PASSWORD
    const { success, authIdentity, error } = await auth.register("emailpass", {
      body: { email: DEMO_CUSTOMER_EMAIL, password },
    })
    if (!success || !authIdentity) {
      logger.warn(`Demo customer not created: ${error ?? "unknown error"}`)
      return null
    }
    const { result } = await createCustomerAccountWorkflow(container).run({
      input: {
        authIdentityId: authIdentity.id,
        customerData: { email: DEMO_CUSTOMER_EMAIL, first_name: "Demo", last_name: "Shopper" },
      },
    })
    customer = result
  }

  // Deterministic picks: the first variant of the first products by handle.
  const { data: products } = await query.graph({
    entity: "product",
    fields: ["id", "handle", "variants.id", "variants.variant_rank"],
    filters: { status: ProductStatus.PUBLISHED },
    pagination: { take: DEMO_WISHLIST_SIZE, skip: 0, order: { handle: "ASC" } },
  })
  for (const product of products as any[]) {
    const [variant] = [...(product.variants ?? [])].sort(
      (a: any, b: any) => (a.variant_rank ?? 0) - (b.variant_rank ?? 0) || a.id.localeCompare(b.id)
    )
    if (!variant) continue
    await addWishlistItemWorkflow(container).run({
      input: { customer_id: customer.id, sales_channel_id: salesChannelId, variant_id: variant.id },
    })
  }
  logger.info(`Demo customer ${DEMO_CUSTOMER_EMAIL} has a wishlist of ${products.length} items.`)
  return customer
}
