import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import {
  type Demo,
  failing,
  findVariants,
  registerCustomer,
  seedForTests,
} from "../helpers/fixtures"

jest.setTimeout(600 * 1000)

// Small caps so the tests measure the caps, not stock levels or rate limits.
const env = {
  STORE_MAX_LIMIT: "100",
  MAX_LINE_ITEM_QUANTITY: "10",
  STORE_MAX_FIELDS_RELATIONS: "6",
  BODY_SIZE_LIMIT: "64kb",
  STORE_MAX_METADATA_BYTES: "1024",
  RATE_LIMIT_STORE_POINTS: "1000000",
  RATE_LIMIT_AUTH_POINTS: "1000000",
}

/** Every core /store GET route that lists (takes `limit`), with the auth it needs. */
const STORE_LIST_ROUTES: Array<{ path: string; customer?: boolean }> = [
  { path: "/store/products" },
  { path: "/store/product-variants" },
  { path: "/store/product-categories" },
  { path: "/store/product-tags" },
  { path: "/store/product-types" },
  { path: "/store/product-options" },
  { path: "/store/collections" },
  { path: "/store/regions" },
  { path: "/store/currencies" },
  { path: "/store/return-reasons" },
  { path: "/store/orders", customer: true },
  { path: "/store/customers/me/addresses", customer: true },
]

medusaIntegrationTestRunner({
  inApp: true,
  env,
  testSuite: ({ api, getContainer }) => {
    let demo: Demo
    let variants: Awaited<ReturnType<typeof findVariants>>

    beforeAll(async () => {
      demo = await seedForTests(getContainer())
      variants = await findVariants(getContainer())
    })

    const store = () => demo.storeHeaders

    it("caps limit on every /store list route but leaves core /admin routes alone", async () => {
      const shopper = await registerCustomer(api, store().headers)
      for (const route of STORE_LIST_ROUTES) {
        const headers = route.customer ? shopper.headers : store()
        const over = await failing(api.get(`${route.path}?limit=100000`, headers))
        expect({ path: route.path, status: over.status }).toEqual({ path: route.path, status: 400 })
        expect(over.data.message).toMatch(/limit must be at most 100/)
        const atCap = await api.get(`${route.path}?limit=100`, headers)
        expect(atCap.status).toBe(200)
      }
      // The admin dashboard asks for limit=9999; Medusa's admin routes keep serving it.
      const admin = await api.get("/admin/products?limit=9999&fields=id", demo.adminHeaders)
      expect(admin.status).toBe(200)
      expect(admin.data.products.length).toBeGreaterThan(40)
    })

    it("caps the relations expanded through fields", async () => {
      const ok = await api.get(
        "/store/products?fields=*variants,*variants.options,*images,*tags",
        store()
      )
      expect(ok.status).toBe(200)
      const tooMany = await failing(
        api.get(
          "/store/products?fields=*variants,*variants.options,*images,*tags,*type,*collection,*categories",
          store()
        )
      )
      expect(tooMany.status).toBe(400)
      expect(tooMany.data.message).toMatch(/fields expands 7 relations; at most 6/)
    })

    it("answers 413 to oversized bodies and 400 to oversized quantities and metadata", async () => {
      const big = "x".repeat(70 * 1024)
      const tooBig = await failing(
        api.post("/store/carts", { region_id: demo.regions.eur, metadata: { big } }, store())
      )
      expect(tooBig.status).toBe(413)
      const loginTooBig = await failing(
        api.post("/auth/customer/emailpass", { email: "a@b.co", password: big })
      )
      expect(loginTooBig.status).toBe(413)

      const cart = (await api.post("/store/carts", { region_id: demo.regions.eur }, store())).data
        .cart
      const variant = variants.inStock[0].id
      const over = await failing(
        api.post(
          `/store/carts/${cart.id}/line-items`,
          { variant_id: variant, quantity: 11 },
          store()
        )
      )
      expect(over.status).toBe(400)
      expect(over.data.message).toMatch(/quantity must be at most 10/)
      const added = await api.post(
        `/store/carts/${cart.id}/line-items`,
        { variant_id: variant, quantity: 10 },
        store()
      )
      const line = added.data.cart.items[0]
      expect(line.quantity).toBe(10)
      const update = await failing(
        api.post(`/store/carts/${cart.id}/line-items/${line.id}`, { quantity: 50 }, store())
      )
      expect(update.status).toBe(400)
      const create = await failing(
        api.post(
          "/store/carts",
          { region_id: demo.regions.eur, items: [{ variant_id: variant, quantity: 1000 }] },
          store()
        )
      )
      expect(create.status).toBe(400)
      const metadata = await failing(
        api.post(`/store/carts/${cart.id}`, { metadata: { blob: "y".repeat(2000) } }, store())
      )
      expect(metadata.status).toBe(400)
      expect(metadata.data.message).toMatch(/metadata must be at most 1024 bytes/)
      const after = (await api.get(`/store/carts/${cart.id}`, store())).data.cart
      expect(after.items.map((i: any) => i.quantity)).toEqual([10])
      expect(after.metadata ?? {}).toEqual({})
    })

    it("rejects server-owned fields in store payloads and changes nothing", async () => {
      const shopper = await registerCustomer(api, store().headers)
      const variant = variants.inStock[0].id
      const cart = (await api.post("/store/carts", { region_id: demo.regions.eur }, store())).data
        .cart
      const added = await api.post(
        `/store/carts/${cart.id}/line-items`,
        { variant_id: variant, quantity: 1 },
        store()
      )
      const price = added.data.cart.items[0].unit_price
      const line = added.data.cart.items[0].id
      const c = `/store/carts/${cart.id}`
      const cases: Array<[string, string, any, string]> = [
        [
          "POST",
          `${c}/line-items`,
          { variant_id: variant, quantity: 1, unit_price: 1 },
          "unit_price",
        ],
        [
          "POST",
          `${c}/line-items`,
          { variant_id: variant, quantity: 1, is_custom_price: true },
          "is_custom_price",
        ],
        ["POST", `${c}/line-items/${line}`, { quantity: 2, unit_price: 0 }, "unit_price"],
        ["POST", c, { total: 0 }, "total"],
        ["POST", c, { customer_id: shopper.customer.id }, "customer_id"],
        [
          "POST",
          c,
          { shipping_address: { city: "X", customer_id: "cus_x" } },
          "shipping_address.customer_id",
        ],
        [
          "POST",
          "/store/carts",
          { region_id: demo.regions.eur, customer_id: shopper.customer.id },
          "customer_id",
        ],
        [
          "POST",
          "/store/carts",
          {
            region_id: demo.regions.eur,
            items: [{ variant_id: variant, quantity: 1, unit_price: 1 }],
          },
          "items[0].unit_price",
        ],
        ["POST", `${c}/shipping-methods`, { option_id: "so_x", amount: 0 }, "amount"],
        ["POST", `${c}/complete`, { payment_status: "captured" }, "payment_status"],
        ["POST", "/store/payment-collections", { cart_id: cart.id, amount: 1 }, "amount"],
      ]
      for (const [, path, body, field] of cases) {
        const res = await failing(api.post(path, body, store()))
        expect({ path, status: res.status }).toEqual({ path, status: 400 })
        expect(res.data.message).toContain(field)
      }
      const after = (await api.get(c, store())).data.cart
      expect(after.items).toHaveLength(1)
      expect(after.items[0]).toMatchObject({ quantity: 1, unit_price: price })
      expect(after.customer_id).toBeFalsy()
      expect(after.total).toBeGreaterThan(0)

      // A customer cannot flip has_account on her profile, nor change the e-mail
      // her login is bound to (Medusa's strict validator refuses it).
      for (const body of [{ has_account: false }, { first_name: "Kim", email: "x@example.com" }]) {
        const profile = await failing(api.post("/store/customers/me", body, shopper.headers))
        expect(profile.status).toBe(400)
      }
      const me = await api.post("/store/customers/me", { first_name: "Kim" }, shopper.headers)
      expect(me.data.customer).toMatchObject({
        first_name: "Kim",
        email: shopper.email,
        has_account: true,
      })
    })

    it("sends security headers, no X-Powered-By, strict CORS and safe cookies", async () => {
      const checks = [
        await api.get("/store/products?limit=1", store()),
        await failing(api.get("/admin/products")), // a 401 from Medusa's auth layer
        await failing(api.get("/store/products")), // a 400 without publishable key
        await api.get("/health"),
      ]
      for (const res of checks) {
        const h = res.headers
        expect(h["x-powered-by"]).toBeUndefined()
        expect(h["x-content-type-options"]).toBe("nosniff")
        expect(h["content-security-policy"]).toContain("frame-ancestors 'none'")
        expect(h["content-security-policy"]).toContain("default-src 'none'")
        expect(h["referrer-policy"]).toBe("no-referrer")
        expect(h["x-frame-options"]).toBe("SAMEORIGIN")
        // Not production: no HSTS on plain http.
        expect(h["strict-transport-security"]).toBeUndefined()
      }

      const allowed = await api.get("/store/products?limit=1", {
        headers: { ...store().headers, origin: "http://localhost:8000" },
      })
      expect(allowed.headers["access-control-allow-origin"]).toBe("http://localhost:8000")
      const denied = await api.get("/store/products?limit=1", {
        headers: { ...store().headers, origin: "http://evil.example" },
      })
      expect(denied.headers["access-control-allow-origin"]).toBeUndefined()

      const shopper = await registerCustomer(api, store().headers)
      const session = await api.post(
        "/auth/session",
        {},
        { headers: { authorization: `Bearer ${shopper.token}` } }
      )
      const cookie = (session.headers["set-cookie"] as string[])[0]
      expect(cookie).toMatch(/HttpOnly/i)
      expect(cookie).toMatch(/SameSite=Lax/i)
    })
  },
})
