import type { IRbacModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"

/**
 * The five default staff roles (docs/security.md, "Staff roles"). Each lists the policies
 * it gets as `resource:operation`; `resource:*` means every registered operation of that
 * resource (expanded against rbac_policy, so a role never holds a key nobody checks).
 * Roles are ordinary Medusa roles: the dashboard can edit them or add custom ones.
 */
export type DefaultRole = { name: string; description: string; policies: string[] }

const CATALOG = [
  "product",
  "product_variant",
  "product_option",
  "product_option_value",
  "product_tag",
  "product_type",
  "product_category",
  "product_collection",
  "inventory_item",
  "inventory_level",
  "reservation_item",
  "price_list",
  "price",
  "price_preference",
  "promotion",
  "campaign",
  "file",
]
const ORDERS = [
  "order",
  "order_item",
  "order_change",
  "order_claim",
  "order_claim_item",
  "order_exchange",
  "return",
  "payment",
  "payment_collection",
  "payment_method",
  "payment_session",
  "fulfillment",
  "refund",
  "capture",
  "credit_line",
]
const CUSTOMERS = ["customer", "customer_address", "customer_group", "customer_wishlist"]
// Reads the dashboard needs to render orders and products at all.
const SETTINGS_READ = [
  "store",
  "store_locale",
  "region",
  "currency",
  "sales_channel",
  "stock_location",
  "shipping_option",
  "shipping_option_type",
  "shipping_profile",
  "fulfillment_set",
  "fulfillment_provider",
  "service_zone",
  "return_reason",
  "refund_reason",
  "tax_region",
  "tax_rate",
  "tax_provider",
  "notification",
  "translation",
  "translation_setting",
].map((r) => `${r}:read`)

const all = (resources: string[]) => resources.map((r) => `${r}:*`)
const read = (resources: string[]) => resources.map((r) => `${r}:read`)

export const DEFAULT_ROLES: DefaultRole[] = [
  { name: "Owner", description: "Everything, including staff and settings", policies: ["*:*"] },
  {
    name: "Store manager",
    description: "Catalog, orders, customers and reviews; no staff, settings or audit log",
    policies: [
      ...all(CATALOG),
      ...all(ORDERS),
      ...all(CUSTOMERS),
      "customer_verification:*",
      "review:*",
      "return_reason:*",
      "refund_reason:*",
      ...SETTINGS_READ,
    ],
  },
  {
    name: "Support",
    description:
      "Orders and customers (read), refunds up to the refund limit, review moderation; no catalog writes, no exports",
    policies: [
      ...read(ORDERS),
      ...read(CUSTOMERS),
      ...read(["product", "product_variant", "product_option", "product_category", "price"]),
      ...read(["inventory_item", "inventory_level", "reservation_item", "price_list"]),
      "customer_verification:read",
      "refund:create",
      "review:read",
      "review:moderate",
      ...SETTINGS_READ,
    ],
  },
  {
    name: "Content moderator",
    description: "Product reviews only",
    policies: ["review:read", "review:moderate", "product:read", "store:read"],
  },
  {
    name: "Viewer",
    description: "Read-only: orders, catalog, customers, reviews and settings",
    policies: [
      ...read([...CATALOG, ...ORDERS, ...CUSTOMERS]),
      "customer_verification:read",
      "review:read",
      ...SETTINGS_READ,
    ],
  },
]

type PolicyRow = { id: string; key: string; resource: string; operation: string }

function expand(wanted: string[], policies: PolicyRow[]): string[] {
  const ids = new Set<string>()
  for (const want of wanted) {
    const [resource, operation] = want.split(":")
    for (const p of policies) {
      if (
        want === "*:*"
          ? p.key === "*:*"
          : p.resource === resource && (operation === "*" || p.operation === operation)
      ) {
        ids.add(p.id)
      }
    }
  }
  return [...ids]
}

/**
 * Creates the default roles that do not exist yet (matched by name) with their policies.
 * Existing roles are left as they are: a merchant's edits in the dashboard win.
 * Returns role name → id.
 */
export async function ensureDefaultRoles(
  container: MedusaContainer
): Promise<Record<string, string>> {
  const rbac = container.resolve<IRbacModuleService>(Modules.RBAC)
  const policies = (await rbac.listRbacPolicies({}, { take: null })) as PolicyRow[]
  const existing = await rbac.listRbacRoles({}, { take: null })
  const ids: Record<string, string> = {}
  for (const role of existing) {
    if (DEFAULT_ROLES.some((r) => r.name === role.name)) ids[role.name] = role.id
  }
  for (const role of DEFAULT_ROLES) {
    if (ids[role.name]) continue
    const created = await rbac.createRbacRoles({ name: role.name, description: role.description })
    const policyIds = expand(role.policies, policies)
    if (policyIds.length) {
      await rbac.createRbacRolePolicies(
        policyIds.map((policy_id) => ({ role_id: created.id, policy_id }))
      )
    }
    ids[role.name] = created.id
  }
  return ids
}

/** Gives a user a role (Medusa's user ↔ rbac_role link, as `POST /admin/users/:id/roles`). */
export async function assignRole(container: MedusaContainer, userId: string, roleId: string) {
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  await link.create({
    [Modules.USER]: { user_id: userId },
    [Modules.RBAC]: { rbac_role_id: roleId },
  })
}
