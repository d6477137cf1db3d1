import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { type Demo, seedForTests } from "../helpers/fixtures"

jest.setTimeout(180 * 1000)

// The app's medusa-config passes COMMERCE_PLUGIN_OPTIONS to the plugin; it is read when the
// runner loads the config in beforeAll, so it is set here, before that, and restored after.
const saved = process.env.COMMERCE_PLUGIN_OPTIONS
process.env.COMMERCE_PLUGIN_OPTIONS = JSON.stringify({
  reviews: { enabled: false },
  wishlist: { enabled: false },
  docs: { enabled: false },
  catalogCache: { enabled: false },
  graphql: { enabled: false },
})
afterAll(() => {
  if (saved === undefined) delete process.env.COMMERCE_PLUGIN_OPTIONS
  else process.env.COMMERCE_PLUGIN_OPTIONS = saved
})

const ok = () => true

// The routes of a switched-off feature are documented with their feature on, so their 404
// is asked for with fetch, which the contract checker (an axios interceptor) does not see.
async function raw(base: string, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(new URL(path, base), { headers })
  return {
    path,
    status: res.status,
    body: (await res.json()) as { type?: string; message?: string },
  }
}

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let demo: Demo

    beforeAll(async () => {
      demo = await seedForTests(getContainer())
    })

    it("answers 404 on the routes of a feature switched off, store and admin", async () => {
      const product = (await api.get("/store/products?limit=1", demo.storeHeaders)).data.products[0]
      const base = String(api.defaults.baseURL)
      const store = demo.storeHeaders.headers
      const off = await Promise.all([
        raw(base, `/store/products/${product.id}/reviews`, store),
        raw(base, "/store/reviews/summaries?product_id=x", store),
        raw(base, "/admin/reviews", demo.adminHeaders.headers),
        raw(base, "/store/customers/me/wishlist", store),
        raw(base, "/docs"),
        raw(base, "/openapi.json"),
        raw(base, "/graphql?query=%7B%20regions%20%7B%20id%20%7D%20%7D", store),
      ])
      for (const res of off) {
        expect([res.path, res.status, res.body.type]).toEqual([res.path, 404, "not_found"])
        expect(res.body.message).toBe(`Cannot GET ${res.path.split("?")[0]}`)
      }
    })

    it("keeps the features left on: audit log, e-mail verification routes, security", async () => {
      const audit = await api.get("/admin/audit-logs?limit=1", demo.adminHeaders)
      expect(audit.status).toBe(200)
      // Verification needs a logged-in customer: 401, not 404, shows the route is there.
      const verify = await api.get("/store/customers/me/verification", {
        ...demo.storeHeaders,
        validateStatus: ok,
      })
      expect(verify.status).toBe(401)
      const products = await api.get("/store/products?limit=2", demo.storeHeaders)
      expect(products.headers["x-content-type-options"]).toBe("nosniff")
      // The query limits of the security feature still apply.
      const tooMany = await api.get("/store/products?limit=100000", {
        ...demo.storeHeaders,
        validateStatus: ok,
      })
      expect(tooMany.status).toBe(400)
    })

    it("serves the catalog without its cache when the cache is off", async () => {
      const first = await api.get("/store/products?limit=3", demo.storeHeaders)
      const second = await api.get("/store/products?limit=3", demo.storeHeaders)
      expect(second.data).toEqual(first.data)
      expect(first.headers["x-cache"]).toBeUndefined()
      expect(second.headers["x-cache"]).toBeUndefined()
    })
  },
})
