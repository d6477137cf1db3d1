import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { adminRoutes } from "../helpers/admin-routes"
import { type Demo, registerCustomer, seedForTests } from "../helpers/fixtures"

jest.setTimeout(1500 * 1000)

/**
 * Medusa marks these `AUTHENTICATE = false` on purpose: the dashboard reads its
 * feature flags before anyone logs in. They expose only booleans (asserted below).
 */
const PUBLIC_BY_DESIGN = new Set(["GET /admin/feature-flags"])

medusaIntegrationTestRunner({
  inApp: true,
  env: { RATE_LIMIT_STORE_POINTS: "1000000", RATE_LIMIT_AUTH_POINTS: "1000000" },
  testSuite: ({ api, getContainer }) => {
    let demo: Demo

    beforeAll(async () => {
      demo = await seedForTests(getContainer())
    })

    it("answers 401/403 on every /admin route and method without an admin identity", async () => {
      const routes = adminRoutes()
      // Sanity: the walk really found Medusa's admin API.
      expect(routes.length).toBeGreaterThan(300)
      expect(routes).toContainEqual(
        expect.objectContaining({ method: "GET", path: "/admin/products", source: "medusa" })
      )
      expect(routes).toContainEqual(
        expect.objectContaining({
          method: "DELETE",
          path: "/admin/users/id_does_not_matter",
          source: "medusa",
        })
      )
      // Our routes are walked too (they live in the plugin package).
      expect(routes).toContainEqual(
        expect.objectContaining({ method: "GET", path: "/admin/audit-logs", source: "project" })
      )

      const customer = await registerCustomer(api, demo.storeHeaders.headers)
      const pk = demo.publishableKey
      const identities: Record<string, Record<string, string>> = {
        anonymous: {},
        customer: { authorization: `Bearer ${customer.token}` },
        // A publishable key, sent both the store way and as if it were a secret API key.
        publishableKey: {
          "x-publishable-api-key": pk,
          authorization: `Basic ${Buffer.from(`${pk}:`).toString("base64")}`,
        },
      }
      const unexpected: string[] = []
      let requests = 0
      const calls = routes.flatMap((route) =>
        Object.entries(identities).map(([who, headers]) => ({ route, who, headers }))
      )
      // Small batches: every call is refused at the auth layer, so order does not matter.
      for (let i = 0; i < calls.length; i += 8) {
        await Promise.all(
          calls.slice(i, i + 8).map(async ({ route, who, headers }) => {
            const res = await api.request({
              method: route.method,
              url: route.path,
              headers: { ...headers, "content-type": "application/json" },
              data: route.method === "GET" || route.method === "DELETE" ? undefined : {},
              validateStatus: () => true,
            })
            requests++
            if (PUBLIC_BY_DESIGN.has(`${route.method} ${route.path}`)) {
              const values = Object.values(res.data?.feature_flags ?? { missing: "x" })
              if (res.status !== 200 || values.some((v) => typeof v !== "boolean")) {
                unexpected.push(`${who} ${route.method} ${route.path} -> ${res.status} (not flags)`)
              }
              return
            }
            if (res.status !== 401 && res.status !== 403) {
              unexpected.push(`${who} ${route.method} ${route.path} -> ${res.status}`)
            }
          })
        )
      }
      expect(unexpected).toEqual([])
      expect(requests).toBe(routes.length * 3)
      // The customer token is valid for the store, so the 401s above are about role, not token.
      const me = await api.get("/store/customers/me", customer.headers)
      expect(me.status).toBe(200)
    })
  },
})
