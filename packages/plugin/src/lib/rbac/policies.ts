/**
 * The plugin's RBAC table: the policies our admin routes need, in Medusa's policy format
 * (`resource:operation`), and which route + method needs which policy. ONE table: the
 * enforcing middleware (api/middlewares/rbac.ts), the policy registration (src/policies),
 * the dashboard extensions and the tests all read it. Entries for routes that do not exist
 * yet (data export/erasure, webhooks, SSO) are here on purpose: they are protected the
 * moment those routes land.
 */

export type Permission = { resource: string; operation: string }

export type PolicyDefinition = Permission & { name: string; description: string }

/** Our policies, synced into rbac_policy by Medusa at start (so the dashboard lists them). */
export const PLUGIN_POLICIES: PolicyDefinition[] = [
  {
    name: "ReadReview",
    resource: "review",
    operation: "read",
    description: "Read product reviews",
  },
  {
    name: "ModerateReview",
    resource: "review",
    operation: "moderate",
    description: "Approve, reject and delete product reviews",
  },
  {
    name: "ReadAuditLog",
    resource: "audit_log",
    operation: "read",
    description: "Read the audit log",
  },
  {
    name: "ReadCustomerWishlist",
    resource: "customer_wishlist",
    operation: "read",
    description: "Read a customer's wishlist",
  },
  {
    name: "ReadCustomerVerification",
    resource: "customer_verification",
    operation: "read",
    description: "Read a customer's e-mail verification state",
  },
  {
    name: "ManageCustomerVerification",
    resource: "customer_verification",
    operation: "manage",
    description: "Resend or change a customer's e-mail verification",
  },
  {
    name: "ExportCustomerData",
    resource: "customer_data",
    operation: "export",
    description: "Export a customer's personal data",
  },
  {
    name: "EraseCustomerData",
    resource: "customer_data",
    operation: "erase",
    description: "Erase a customer's personal data",
  },
  {
    name: "ManageWebhook",
    resource: "webhook",
    operation: "manage",
    description: "Manage webhooks",
  },
  {
    name: "ManageSso",
    resource: "sso",
    operation: "manage",
    description: "Manage admin single sign-on",
  },
  {
    name: "RefundAboveLimit",
    resource: "refund",
    operation: "above_limit",
    description: "Refund more than the configured refund limit (rbac.refundLimit)",
  },
]

const ALL = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const
const READ = ["GET"] as const
const WRITE = ["POST", "PUT", "PATCH", "DELETE"] as const
export type HttpMethod = (typeof ALL)[number]

export type RoutePolicy = {
  /** Express-style: `:param` is one segment, a trailing `*` any rest (also none). */
  matcher: string
  methods: readonly HttpMethod[]
  policies: Permission[]
  /** "plugin": our routes. "core": a Medusa route whose own check is missing or too weak. */
  source: "plugin" | "core"
  /** Values of the last `:param` that are sibling routes, not ids (e.g. /admin/products/batch). */
  except?: string[]
  /** Why a core route is listed (the gap it closes). */
  gap?: string
}

const p = (resource: string, operation: string): Permission => ({ resource, operation })

export const ROUTE_POLICIES: RoutePolicy[] = [
  // Ours.
  { matcher: "/admin/reviews*", methods: READ, policies: [p("review", "read")], source: "plugin" },
  {
    matcher: "/admin/reviews*",
    methods: WRITE,
    policies: [p("review", "moderate")],
    source: "plugin",
  },
  {
    matcher: "/admin/audit-logs*",
    methods: ALL,
    policies: [p("audit_log", "read")],
    source: "plugin",
  },
  {
    matcher: "/admin/customers/:id/wishlist*",
    methods: ALL,
    policies: [p("customer_wishlist", "read")],
    source: "plugin",
  },
  {
    matcher: "/admin/customers/:id/verification*",
    methods: READ,
    policies: [p("customer_verification", "read")],
    source: "plugin",
  },
  {
    matcher: "/admin/customers/:id/verification*",
    methods: WRITE,
    policies: [p("customer_verification", "manage")],
    source: "plugin",
  },
  {
    matcher: "/admin/customers/:id/data-export*",
    methods: ALL,
    policies: [p("customer_data", "export")],
    source: "plugin",
  },
  {
    matcher: "/admin/customers/:id/erasure*",
    methods: ALL,
    policies: [p("customer_data", "erase")],
    source: "plugin",
  },
  {
    matcher: "/admin/webhooks*",
    methods: ALL,
    policies: [p("webhook", "manage")],
    source: "plugin",
  },
  { matcher: "/admin/sso*", methods: ALL, policies: [p("sso", "manage")], source: "plugin" },

  // Gaps in Medusa 2.21.2's own enforcement (docs/decisions/0150): these routes carry no
  // policy of their own, or only a read policy from a `/admin/x/*` catch-all, so a
  // read-only role could write. We require the policy Medusa's own sibling routes use.
  {
    matcher: "/admin/products/:id",
    except: ["batch", "export", "import", "imports"],
    methods: ["POST"],
    policies: [p("product", "update")],
    source: "core",
    gap: "product update (titles, variants, prices) only needs product:read",
  },
  {
    matcher: "/admin/products/:id/variants/:variant_id",
    except: ["batch"],
    methods: ["POST"],
    policies: [p("product_variant", "update"), p("price", "update")],
    source: "core",
    gap: "variant update (prices) only needs product:read and product_variant:read",
  },
  {
    matcher: "/admin/products/:id/images/:image_id/variants/batch",
    methods: ["POST"],
    policies: [p("product_variant", "update")],
    source: "core",
    gap: "variant image batch only needs product:read",
  },
  {
    matcher: "/admin/products/:id/variants/:variant_id/images/batch",
    methods: ["POST"],
    policies: [p("product_variant", "update")],
    source: "core",
    gap: "variant image batch only needs product:read",
  },
  {
    matcher: "/admin/products/import*",
    methods: ["POST"],
    policies: [p("product", "create"), p("product", "update")],
    source: "core",
    gap: "product import (creates and updates products and prices) only needs product:read",
  },
  {
    matcher: "/admin/products/export",
    methods: ["POST"],
    policies: [p("product", "export")],
    source: "core",
    gap: "a product export (the whole catalog with prices) only needs product:read",
  },
  {
    matcher: "/admin/workflows-executions/:workflow_id/run",
    methods: ["POST"],
    policies: [p("workflow_execution", "run")],
    source: "core",
    gap: "running any workflow (e.g. a refund) only needs workflow_execution:read",
  },
  {
    matcher: "/admin/workflows-executions/:workflow_id/steps/*",
    methods: ["POST"],
    policies: [p("workflow_execution", "run")],
    source: "core",
    gap: "marking workflow steps as succeeded/failed only needs workflow_execution:read",
  },
  {
    matcher: "/admin/rbac/roles",
    methods: ["POST"],
    policies: [p("rbac_role", "create")],
    source: "core",
    gap: "creating a role needs no policy at all",
  },
  {
    matcher: "/admin/products/imports*",
    methods: ["POST"],
    policies: [p("product", "create"), p("product", "update")],
    source: "core",
    gap: "the newer import routes have no policy at all",
  },
  {
    matcher: "/admin/orders/export",
    methods: ["POST"],
    policies: [p("order", "export")],
    source: "core",
    gap: "an order export (customers' names and addresses) only needs order:read",
  },
  {
    matcher: "/admin/inventory-items/export",
    methods: ["POST"],
    policies: [p("inventory_item", "export")],
    source: "core",
    gap: "an inventory export only needs inventory_item:read",
  },
  {
    matcher: "/admin/draft-orders/:id",
    except: ["export"],
    methods: ["DELETE"],
    policies: [p("order", "delete")],
    source: "core",
    gap: "deleting a draft order only needs order:read",
  },
  {
    matcher: "/admin/draft-orders/:id/*",
    methods: WRITE,
    policies: [p("order", "update")],
    source: "core",
    gap: "editing a draft order (items, prices, shipping) only needs order:read",
  },
  {
    matcher: "/admin/inventory-items/:id",
    methods: ["DELETE"],
    policies: [p("inventory_item", "delete")],
    source: "core",
    gap: "deleting an inventory item only needs inventory_item:read",
  },
  {
    matcher: "/admin/price-lists/:id",
    methods: ["DELETE"],
    policies: [p("price_list", "delete")],
    source: "core",
    gap: "deleting a price list only needs price_list:read",
  },
  {
    matcher: "/admin/tax-rates/:id",
    methods: ["DELETE"],
    policies: [p("tax_rate", "delete")],
    source: "core",
    gap: "deleting a tax rate only needs tax_rate:read",
  },
  {
    matcher: "/admin/translations/batch",
    methods: ["POST"],
    policies: [p("translation", "update")],
    source: "core",
    gap: "batch-editing translations only needs translation:read",
  },
  {
    matcher: "/admin/translations/settings/batch",
    methods: ["POST"],
    policies: [p("translation_setting", "update")],
    source: "core",
    gap: "batch-editing translation settings only needs translation:read",
  },
  {
    matcher: "/admin/property-labels*",
    methods: WRITE,
    policies: [p("property_label", "manage")],
    source: "core",
    gap: "property labels have no policy at all",
  },
  {
    matcher: "/admin/index/sync",
    methods: ["POST"],
    policies: [p("search_index", "manage")],
    source: "core",
    gap: "re-syncing the index has no policy at all",
  },
  {
    matcher: "/admin/search-indexes/:id*",
    methods: WRITE,
    policies: [p("search_index", "manage")],
    source: "core",
    gap: "dropping or rebuilding a search index has no policy at all",
  },
  {
    matcher: "/admin/payments/:id/refund",
    methods: ["POST"],
    policies: [p("refund", "create")],
    source: "core",
    gap: "refunds have no amount limit; refund:above_limit lifts rbac.refundLimit",
  },
]

/** The extra policy the refund-limit check needs; a role without it refunds up to the limit. */
export const REFUND_ABOVE_LIMIT: Permission = p("refund", "above_limit")

/**
 * Policies Medusa 2.21.2 checks on its own routes but never registers (so no custom role
 * could be given them in the dashboard: only the super admin could refund or capture),
 * plus the one our gap table adds. Registered by the plugin so they can be assigned.
 */
export const CORE_GAP_POLICIES: PolicyDefinition[] = [
  { name: "CreateRefund", resource: "refund", operation: "create", description: "Refund payments" },
  {
    name: "CreateCapture",
    resource: "capture",
    operation: "create",
    description: "Capture payments",
  },
  {
    name: "CreateCreditLine",
    resource: "credit_line",
    operation: "create",
    description: "Add credit lines to orders",
  },
  {
    name: "AllPrice",
    resource: "price",
    operation: "*",
    description: "Batch-edit price list prices",
  },
  {
    name: "AllInventoryItem",
    resource: "inventory_item",
    operation: "*",
    description: "Batch-edit inventory items",
  },
  {
    name: "AllInventoryLevel",
    resource: "inventory_level",
    operation: "*",
    description: "Batch-edit inventory levels",
  },
  { name: "ExportOrder", resource: "order", operation: "export", description: "Export orders" },
  {
    name: "ExportInventoryItem",
    resource: "inventory_item",
    operation: "export",
    description: "Export inventory items",
  },
  {
    name: "ManagePropertyLabel",
    resource: "property_label",
    operation: "manage",
    description: "Create, edit and delete property labels",
  },
  {
    name: "ManageSearchIndex",
    resource: "search_index",
    operation: "manage",
    description: "Sync, rebuild and drop search indexes",
  },
  {
    name: "ExportProduct",
    resource: "product",
    operation: "export",
    description: "Export products",
  },
  {
    name: "RunWorkflowExecution",
    resource: "workflow_execution",
    operation: "run",
    description: "Run workflows and mark their steps from the admin API",
  },
]

const compiled = ROUTE_POLICIES.map((rule) => ({ rule, regex: toRegExp(rule.matcher) }))

function toRegExp(matcher: string): RegExp {
  // "/x*": /x and anything below it; "/x/*": only below it.
  const below = matcher.endsWith("/*")
  const rest = matcher.endsWith("*")
  const base = below ? matcher.slice(0, -2) : rest ? matcher.slice(0, -1) : matcher
  const body = base
    .split("/")
    .map((seg) => (seg.startsWith(":") ? "[^/]+" : seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/")
  const tail = below ? "/.+" : rest ? "(?:/.*)?" : "/?"
  return new RegExp(`^${body}${tail}$`)
}

/** Every policy the table requires for this request (empty: our table has no say). */
export function requiredPolicies(method: string, path: string): Permission[] {
  const m = method.toUpperCase()
  const clean = path.split("?")[0]
  const out: Permission[] = []
  for (const { rule, regex } of compiled) {
    if (!(rule.methods as readonly string[]).includes(m)) continue
    if (!regex.test(clean)) continue
    if (rule.except?.includes(clean.replace(/\/$/, "").split("/").pop() ?? "")) continue
    for (const policy of rule.policies) {
      if (!out.some((o) => o.resource === policy.resource && o.operation === policy.operation)) {
        out.push(policy)
      }
    }
  }
  return out
}

export const permissionKey = (p: Permission) => `${p.resource}:${p.operation}`
