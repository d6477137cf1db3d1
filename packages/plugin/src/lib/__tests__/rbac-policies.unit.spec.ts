import { parsePluginOptions, setPluginOptions } from "../plugin-options"
import { refundLimit } from "../rbac/enforce"
import {
  CORE_GAP_POLICIES,
  permissionKey,
  PLUGIN_POLICIES,
  requiredPolicies,
  ROUTE_POLICIES,
} from "../rbac/policies"

const keys = (method: string, path: string) => requiredPolicies(method, path).map(permissionKey)

describe("RBAC policy table", () => {
  it("maps our routes, including those still to come, to their policies", () => {
    expect(keys("GET", "/admin/reviews")).toEqual(["review:read"])
    expect(keys("GET", "/admin/reviews/rev_1?limit=5")).toEqual(["review:read"])
    expect(keys("POST", "/admin/reviews/rev_1/approve")).toEqual(["review:moderate"])
    expect(keys("DELETE", "/admin/reviews/rev_1")).toEqual(["review:moderate"])
    expect(keys("GET", "/admin/audit-logs")).toEqual(["audit_log:read"])
    expect(keys("GET", "/admin/customers/cus_1/wishlist")).toEqual(["customer_wishlist:read"])
    expect(keys("GET", "/admin/customers/cus_1/verification")).toEqual([
      "customer_verification:read",
    ])
    expect(keys("POST", "/admin/customers/cus_1/verification/resend")).toEqual([
      "customer_verification:manage",
    ])
    expect(keys("POST", "/admin/customers/cus_1/data-export")).toEqual(["customer_data:export"])
    expect(keys("GET", "/admin/customers/cus_1/data-export/exp_1")).toEqual([
      "customer_data:export",
    ])
    expect(keys("POST", "/admin/customers/cus_1/erasure")).toEqual(["customer_data:erase"])
    for (const m of ["GET", "POST", "DELETE"]) {
      expect(keys(m, "/admin/webhooks/wh_1/deliveries")).toEqual(["webhook:manage"])
      expect(keys(m, "/admin/sso")).toEqual(["sso:manage"])
    }
  })

  it("does not match look-alike paths or other methods", () => {
    expect(keys("GET", "/admin/reviewsx")).toEqual([])
    expect(keys("GET", "/admin/customers/cus_1")).toEqual([])
    expect(keys("GET", "/admin/products/prod_1")).toEqual([])
    // /admin/products/:id must not catch its static siblings.
    expect(keys("POST", "/admin/products/batch")).toEqual([])
    expect(keys("POST", "/admin/products/export")).toEqual(["product:export"])
    expect(keys("POST", "/admin/products/prod_1")).toEqual(["product:update"])
    expect(keys("POST", "/admin/products/prod_1/variants/batch")).toEqual([])
    expect(keys("POST", "/admin/products/prod_1/variants/variant_1")).toEqual([
      "product_variant:update",
      "price:update",
    ])
  })

  it("every policy the table requires is registered by Medusa or by us", () => {
    const ours = new Set([...PLUGIN_POLICIES, ...CORE_GAP_POLICIES].map(permissionKey))
    // Medusa registers read/create/update/delete for its resources.
    const medusaOps = new Set(["read", "create", "update", "delete"])
    for (const rule of ROUTE_POLICIES) {
      for (const p of rule.policies) {
        expect(ours.has(permissionKey(p)) || medusaOps.has(p.operation)).toBe(true)
      }
    }
    const names = [...PLUGIN_POLICIES, ...CORE_GAP_POLICIES].map((p) => p.name)
    expect(new Set(names).size).toBe(names.length)
  })

  it("reads the refund limit from the options, else RBAC_REFUND_LIMIT, else 100", () => {
    setPluginOptions(parsePluginOptions({}))
    expect(refundLimit({})).toBe(100)
    expect(refundLimit({ RBAC_REFUND_LIMIT: "250" })).toBe(250)
    expect(refundLimit({ RBAC_REFUND_LIMIT: "nonsense" })).toBe(100)
    setPluginOptions(parsePluginOptions({ rbac: { refundLimit: 20 } }))
    expect(refundLimit({ RBAC_REFUND_LIMIT: "250" })).toBe(20)
    expect(() => parsePluginOptions({ rbac: { refundLimit: -1 } })).toThrow(/rbac.refundLimit/)
    setPluginOptions(parsePluginOptions({}))
  })
})

describe("RBAC gap rules", () => {
  it("covers the core write routes that only needed read policies", () => {
    expect(keys("POST", "/admin/orders/export")).toEqual(["order:export"])
    expect(keys("DELETE", "/admin/price-lists/plist_1")).toEqual(["price_list:delete"])
    expect(keys("POST", "/admin/draft-orders/order_1/edit/confirm")).toEqual(["order:update"])
    expect(keys("DELETE", "/admin/draft-orders/order_1")).toEqual(["order:delete"])
    expect(keys("POST", "/admin/products/imports/tx_1/confirm")).toEqual([
      "product:create",
      "product:update",
    ])
    expect(keys("POST", "/admin/workflows-executions/wf/run")).toEqual(["workflow_execution:run"])
    expect(keys("GET", "/admin/search-indexes")).toEqual([])
    expect(keys("POST", "/admin/search-indexes/idx_1/reindex")).toEqual(["search_index:manage"])
  })
})
