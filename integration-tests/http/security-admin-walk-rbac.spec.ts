import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { createUserAccountWorkflow } from "@medusajs/medusa/core-flows"
import fs from "fs"
import path from "path"
import {
  assignRole,
  DEFAULT_ROLES,
  ensureDefaultRoles,
} from "@commerce-api/plugin/lib/rbac/default-roles"
import { adminRoutes, type AdminRoute } from "../helpers/admin-routes"
import {
  type Demo,
  cartReadyToComplete,
  failing,
  findVariants,
  registerCustomer,
  seedForTests,
} from "../helpers/fixtures"

jest.setTimeout(1500 * 1000)

/**
 * The admin walk with Medusa's RBAC on (MEDUSA_FF_RBAC) and the five default roles: every
 * admin route and method, Medusa's and ours, for every role → allowed or 403. The table is
 * checked against docs/security.md; `RBAC_TABLE_WRITE=1` rewrites it there instead.
 */
const SECURITY_MD = path.join(__dirname, "..", "..", "docs", "security.md")
const START = "<!-- rbac-table:start -->"
const END = "<!-- rbac-table:end -->"
const ROLE_NAMES = DEFAULT_ROLES.map((r) => r.name)
const REFUND_LIMIT = 100
const PASSWORD = "Staff-Password-2026!"

export function renderTable(rows: { route: AdminRoute; cells: string[] }[]): string {
  const head = `| Method | Route | ${ROLE_NAMES.join(" | ")} |`
  const sep = `|---|---|${ROLE_NAMES.map(() => ":-:").join("|")}|`
  const body = rows.map(
    ({ route, cells }) => `| ${route.method} | \`${route.template}\` | ${cells.join(" | ")} |`
  )
  return [head, sep, ...body].join("\n")
}

function documentedTable(): string {
  const text = fs.readFileSync(SECURITY_MD, "utf8")
  const a = text.indexOf(START)
  const b = text.indexOf(END)
  return a < 0 || b < 0 ? "" : text.slice(a + START.length, b).trim()
}

function writeTable(table: string) {
  const text = fs.readFileSync(SECURITY_MD, "utf8")
  const a = text.indexOf(START)
  const b = text.indexOf(END)
  if (a < 0 || b < 0) throw new Error(`docs/security.md has no ${START} … ${END} block`)
  fs.writeFileSync(
    SECURITY_MD,
    text.slice(0, a + START.length) + "\n" + table + "\n" + text.slice(b)
  )
}

// The runner reads medusa-config before it applies `env`; the flag must be there already.
const previousFlag = process.env.MEDUSA_FF_RBAC
process.env.MEDUSA_FF_RBAC = "true"
// The walk's exports (POST /admin/*/export as Owner) land in Medusa's local file store.
const STATIC_DIR = path.join(__dirname, "..", "..", "static")
const staticBefore = new Set(fs.existsSync(STATIC_DIR) ? fs.readdirSync(STATIC_DIR) : [])
afterAll(() => {
  if (fs.existsSync(STATIC_DIR)) {
    for (const f of fs.readdirSync(STATIC_DIR)) {
      if (!staticBefore.has(f) && /-exports\.csv$/.test(f)) fs.rmSync(path.join(STATIC_DIR, f))
    }
  }
  if (previousFlag === undefined) delete process.env.MEDUSA_FF_RBAC
  else process.env.MEDUSA_FF_RBAC = previousFlag
})

medusaIntegrationTestRunner({
  inApp: true,
  env: {
    MEDUSA_FF_RBAC: "true",
    RBAC_REFUND_LIMIT: String(REFUND_LIMIT),
    RATE_LIMIT_STORE_POINTS: "1000000",
    RATE_LIMIT_AUTH_POINTS: "1000000",
  },
  testSuite: ({ api, getContainer }) => {
    let demo: Demo
    let roleIds: Record<string, string>
    const staff: Record<string, { userId: string; headers: Record<string, string> }> = {}
    const as = (role: string) => ({ headers: staff[role].headers })

    async function createStaff(role: string) {
      const container = getContainer()
      const email = `${role.toLowerCase().replace(/\s+/g, "-")}@staff.test`
      const auth = container.resolve(Modules.AUTH)
      const { authIdentity } = await auth.register("emailpass", {
        body: { email, password: PASSWORD },
      })
      const { result: user } = await createUserAccountWorkflow(container).run({
        input: { authIdentityId: authIdentity!.id, userData: { email } },
      })
      await assignRole(container, user.id, roleIds[role])
      // A real login: the token carries the roles, as Medusa's own checks expect.
      const login = await api.post("/auth/user/emailpass", { email, password: PASSWORD })
      staff[role] = { userId: user.id, headers: { authorization: `Bearer ${login.data.token}` } }
    }

    beforeAll(async () => {
      demo = await seedForTests(getContainer())
      roleIds = await ensureDefaultRoles(getContainer())
      for (const role of ROLE_NAMES) await createStaff(role)
    })

    it("seeds the five default roles, and the dashboard lists our policies", async () => {
      expect(Object.keys(roleIds).sort()).toEqual([...ROLE_NAMES].sort())
      const { data } = await api.get("/admin/rbac/policies?limit=500", as("Owner"))
      const keys = data.policies.map((p: { key: string }) => p.key)
      for (const key of [
        "review:read",
        "review:moderate",
        "audit_log:read",
        "customer_wishlist:read",
        "customer_verification:read",
        "customer_verification:manage",
        "customer_data:export",
        "customer_data:erase",
        "webhook:manage",
        "sso:manage",
        "refund:create",
        "refund:above_limit",
      ]) {
        expect(keys).toContain(key)
      }
      const me = await api.get("/admin/rbac/me/permissions", as("Support"))
      expect(me.data.permissions).toEqual(expect.arrayContaining(["review:moderate", "order:read"]))
      expect(me.data.permissions).not.toContain("audit_log:read")
      expect(me.data.permissions).not.toContain("product:update")
    })

    it("produces the role × route table and it matches docs/security.md", async () => {
      const routes = adminRoutes().sort(
        (a, b) => a.template.localeCompare(b.template) || a.method.localeCompare(b.method)
      )
      expect(routes.length).toBeGreaterThan(300)
      const calls = routes.flatMap((route, r) =>
        ROLE_NAMES.map((role, c) => ({ route, role, r, c }))
      )
      const cells: string[][] = routes.map(() => ROLE_NAMES.map(() => "?"))
      const started = Date.now()
      const slow: string[] = []
      let seq = 0
      for (let i = 0; i < calls.length; i += 10) {
        await Promise.all(
          calls.slice(i, i + 10).map(async ({ route, role, r, c }) => {
            // A fresh id per call: two calls never wait on the same workflow lock.
            const url = route.path.replace(
              /id_does_not_matter/g,
              () => `id_does_not_matter_${++seq}`
            )
            const send = () =>
              api
                .request({
                  method: route.method,
                  url,
                  headers: { ...staff[role].headers, "content-type": "application/json" },
                  data: route.method === "GET" || route.method === "DELETE" ? undefined : {},
                  validateStatus: () => true,
                  // Server-sent event streams and the index module (not configured) never end.
                  timeout: 10_000,
                })
                .catch((e: { code?: string }) => {
                  // Timed out, or an endless stream reset when the timeout closed it.
                  if (e.code !== "ECONNABORTED" && e.code !== "ECONNRESET") throw e
                  return { status: 0 } // no answer in time: not refused by RBAC
                })
            const t0 = Date.now()
            let res = await send()
            // A loaded machine can stall a whole batch; a refusal comes before any handler work,
            // so only a call that times out twice is an endless one.
            if (res.status === 0) res = await send()
            if (Date.now() - t0 > 5000)
              slow.push(`${role} ${route.method} ${url} ${Date.now() - t0} ms`)
            cells[r][c] = res.status === 403 ? "403" : res.status === 401 ? "401" : "✓"
          })
        )
      }
      if (slow.length) console.log(`slow admin calls:\n${slow.join("\n")}`)
      console.log(
        `rbac table: ${calls.length} requests in ${Math.round((Date.now() - started) / 1000)} s`
      )
      const table = renderTable(routes.map((route, r) => ({ route, cells: cells[r] })))
      if (process.env.RBAC_TABLE_WRITE === "1") writeTable(table)
      expect(table).toEqual(documentedTable())
      // Sanity: the Owner may do everything the RBAC layer decides about.
      expect(cells.filter((row) => row[0] === "403")).toEqual([])
    })

    it("Support: no audit log, no price changes, refunds only up to the limit, moderates reviews", async () => {
      // Audit log: 403 with a message, and the attempt is in the audit log.
      const denied = await failing(api.get("/admin/audit-logs", as("Support")))
      expect(denied.status).toBe(403)
      expect(denied.data.message).toMatch(/audit_log:read/)

      // Prices: product and variant updates (Medusa checks only read policies there).
      const {
        inStock: [variant],
      } = await findVariants(getContainer())
      const product = await failing(
        api.post(`/admin/products/${variant.product_id}`, { title: "Renamed" }, as("Support"))
      )
      expect(product.status).toBe(403)
      const price = await failing(
        api.post(
          `/admin/products/${variant.product_id}/variants/${variant.id}`,
          { prices: [{ currency_code: "eur", amount: 1 }] },
          as("Support")
        )
      )
      expect(price.status).toBe(403)
      expect(price.data.message).toMatch(/product_variant:update/)
      const manager = await api.post(
        `/admin/products/${variant.product_id}`,
        { subtitle: "Edited by the store manager" },
        as("Store manager")
      )
      expect(manager.status).toBe(200)

      // Refunds: an order paid with the system provider, captured by the owner.
      const customer = await registerCustomer(api, demo.storeHeaders.headers)
      const cart = await cartReadyToComplete(api, customer.headers, {
        regionId: demo.regions.eur,
        variantId: variant.id,
        quantity: 20,
      })
      const done = await api.post(`/store/carts/${cart.id}/complete`, {}, customer.headers)
      const orderId = done.data.order.id
      const { data: od } = await api.get(
        `/admin/orders/${orderId}?fields=id,total,*payment_collections.payments`,
        as("Owner")
      )
      const payment = od.order.payment_collections[0].payments[0]
      expect(Number(od.order.total)).toBeGreaterThan(REFUND_LIMIT)
      await api.post(`/admin/payments/${payment.id}/capture`, {}, as("Owner"))

      const tooMuch = await failing(
        api.post(
          `/admin/payments/${payment.id}/refund`,
          { amount: REFUND_LIMIT + 1 },
          as("Support")
        )
      )
      expect(tooMuch.status).toBe(403)
      expect(tooMuch.data.message).toMatch(/refund:above_limit/)
      // Without an amount Medusa refunds everything: also above the limit.
      expect(
        (await failing(api.post(`/admin/payments/${payment.id}/refund`, {}, as("Support")))).status
      ).toBe(403)
      const small = await api.post(
        `/admin/payments/${payment.id}/refund`,
        { amount: 5 },
        as("Support")
      )
      expect(small.status).toBe(200)
      // The Store manager holds refund:above_limit.
      const big = await api.post(
        `/admin/payments/${payment.id}/refund`,
        { amount: REFUND_LIMIT + 1 },
        as("Store manager")
      )
      expect(big.status).toBe(200)
      // Viewers cannot refund at all (Medusa's own refund:create check).
      expect(
        (
          await failing(
            api.post(`/admin/payments/${payment.id}/refund`, { amount: 1 }, as("Viewer"))
          )
        ).status
      ).toBe(403)

      // Reviews: Support moderates, the Viewer reads only.
      const review = (
        await api.post(
          `/store/products/${variant.product_id}/reviews`,
          { rating: 5, title: "Great", body: "Really good product, recommended." },
          customer.headers
        )
      ).data.review
      expect(
        (await failing(api.post(`/admin/reviews/${review.id}/approve`, {}, as("Viewer")))).status
      ).toBe(403)
      expect((await api.get("/admin/reviews", as("Viewer"))).status).toBe(200)
      const approved = await api.post(`/admin/reviews/${review.id}/approve`, {}, as("Support"))
      expect(approved.status).toBe(200)
      const moderated = await api.post(
        `/admin/reviews/${review.id}/reject`,
        {},
        as("Content moderator")
      )
      expect(moderated.status).toBe(200)

      // Every denial above is audit-logged, with the role of the user on the entry.
      const { data: log } = await api.get(
        `/admin/audit-logs?actor_id=${staff.Support.userId}&limit=100`,
        as("Owner")
      )
      const actions = log.audit_logs.map((e: { action: string }) => e.action)
      expect(actions).toContain("rbac.denied GET /admin/audit-logs")
      expect(actions).toContain(`rbac.denied POST /admin/payments/${payment.id}/refund`)
      const approvedEntry = log.audit_logs.find((e: { action: string }) =>
        e.action.startsWith("POST /admin/reviews/:id/approve")
      )
      expect(approvedEntry?.actor_roles).toEqual(["Support"])
    })

    it("role changes are audit-logged; a permission change applies on the next request", async () => {
      const support = as("Support")
      expect((await failing(api.get("/admin/audit-logs", support))).status).toBe(403)
      const { data: policies } = await api.get(
        "/admin/rbac/policies?key=audit_log:read",
        as("Owner")
      )
      const policyId = policies.policies[0].id
      await api.post(
        `/admin/rbac/roles/${roleIds.Support}/policies`,
        { policies: [policyId] },
        as("Owner")
      )
      // Same token, no re-login.
      expect((await api.get("/admin/audit-logs", support)).status).toBe(200)
      await api.delete(`/admin/rbac/roles/${roleIds.Support}/policies/${policyId}`, as("Owner"))
      expect((await failing(api.get("/admin/audit-logs", support))).status).toBe(403)

      // A role given to a user: Medusa's route, audit-logged like every admin mutation.
      const viewer = staff.Viewer.userId
      await api.post(
        `/admin/users/${viewer}/roles`,
        { roles: [roleIds["Content moderator"]] },
        as("Owner")
      )
      const { data: log } = await api.get(
        `/admin/audit-logs?actor_id=${staff.Owner.userId}&limit=100`,
        as("Owner")
      )
      const actions = log.audit_logs.map((e: { action: string }) => e.action)
      expect(actions).toContain("POST /admin/users/:id/roles")
      expect(actions).toContain("POST /admin/rbac/roles/:id/policies")
      expect(actions).toContain("DELETE /admin/rbac/roles/:id/policies/:policy_id")
    })
  },
})
