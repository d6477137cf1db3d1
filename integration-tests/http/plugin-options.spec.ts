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
})
afterAll(() => {
  if (saved === undefined) delete process.env.COMMERCE_PLUGIN_OPTIONS
  else process.env.COMMERCE_PLUGIN_OPTIONS = saved
})

const ok = () => true

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let demo: Demo

    beforeAll(async () => {
      demo = await seedForTests(getContainer())
    })

    it("answers 404 on the routes of a feature switched off, store and admin", async () => {
      const product = (await api.get("/store/products?limit=1", demo.storeHeaders)).data.products[0]
      const off = [
        api.get(`/store/products/${product.id}/reviews`, {
          ...demo.storeHeaders,
          validateStatus: ok,
        }),
        api.get("/store/reviews/summaries?product_id=x", {
          ...demo.storeHeaders,
          validateStatus: ok,
        }),
        api.get("/admin/reviews", { ...demo.adminHeaders, validateStatus: ok }),
        api.get("/store/customers/me/wishlist", { ...demo.storeHeaders, validateStatus: ok }),
        api.get("/docs", { validateStatus: ok }),
        api.get("/openapi.json", { validateStatus: ok }),
      ]
      for (const res of await Promise.all(off)) {
        expect([res.config.url, res.status]).toEqual([res.config.url, 404])
        expect(res.data.type).toBe("not_found")
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
