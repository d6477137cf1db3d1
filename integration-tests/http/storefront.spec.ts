import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import {
  type Demo,
  failing,
  findVariants,
  registerCustomer,
  seedForTests,
  address,
  cartReadyToComplete,
} from "../helpers/fixtures"
import { DEMO_PROMOTION_CODE } from "../../src/lib/demo-seed"

jest.setTimeout(120 * 1000)

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let demo: Demo
    let variants: Awaited<ReturnType<typeof findVariants>>

    beforeAll(async () => {
      demo = await seedForTests(getContainer())
      variants = await findVariants(getContainer())
    })

    const store = () => demo.storeHeaders

    async function newCart(headers = store(), region = demo.regions.eur) {
      const res = await api.post("/store/carts", { region_id: region }, headers)
      return res.data.cart
    }

    async function checkout(headers = store(), email = "guest@example.com") {
      const cart = await cartReadyToComplete(api, headers, {
        regionId: demo.regions.eur,
        variantId: variants.inStock[0].id,
        quantity: 2,
        email,
      })
      const done = await api.post(`/store/carts/${cart.id}/complete`, {}, headers)
      return { cart, done }
    }

    describe("customer accounts", () => {
      it("registers, logs in with a bearer token and reads /store/customers/me", async () => {
        const c = await registerCustomer(api, store().headers, { first_name: "Grace" })
        expect(c.customer).toMatchObject({ email: c.email, first_name: "Grace", has_account: true })
        const me = await api.get("/store/customers/me", c.headers)
        expect(me.status).toBe(200)
        expect(me.data.customer.id).toBe(c.customer.id)
      })

      it("logs in with a session cookie", async () => {
        const c = await registerCustomer(api, store().headers)
        const session = await api.post(
          "/auth/session",
          {},
          { headers: { authorization: `Bearer ${c.token}` } }
        )
        const cookie = (session.headers["set-cookie"] as string[])[0].split(";")[0]
        expect(cookie).toMatch(/^connect\.sid=/)
        const me = await api.get("/store/customers/me", {
          headers: { ...store().headers, cookie },
        })
        expect(me.data.customer.email).toBe(c.email)
        const anonymous = await failing(api.get("/store/customers/me", store()))
        expect(anonymous.status).toBe(401)
      })

      it("rejects a wrong password and a duplicate registration", async () => {
        const c = await registerCustomer(api, store().headers)
        const wrong = await failing(
          api.post("/auth/customer/emailpass", { email: c.email, password: "not-the-password" })
        )
        expect(wrong.status).toBe(401)
        const dup = await failing(
          api.post("/auth/customer/emailpass/register", { email: c.email, password: c.password })
        )
        expect(dup.status).toBe(401)
        expect(dup.data.message).toMatch(/already exists/i)
      })
    })

    describe("catalog", () => {
      it("lists the demo catalog with prices for each region", async () => {
        for (const [currency, region] of Object.entries(demo.regions)) {
          const res = await api.get(
            `/store/products?limit=50&region_id=${region}&fields=*variants.calculated_price`,
            store()
          )
          expect(res.data.count).toBeGreaterThanOrEqual(40)
          for (const p of res.data.products) {
            for (const v of p.variants) {
              expect(v.calculated_price.currency_code).toBe(currency)
              expect(v.calculated_price.calculated_amount).toBeGreaterThan(0)
            }
          }
        }
      })

      it("filters by category and collection, searches with q, paginates and fetches by handle", async () => {
        const cats = await api.get("/store/product-categories?handle=shirts", store())
        const shirts = cats.data.product_categories[0]
        expect(shirts.parent_category_id).toBeTruthy()
        const byCat = await api.get(`/store/products?category_id[]=${shirts.id}`, store())
        expect(byCat.data.count).toBe(8)
        expect(byCat.data.products.every((p: any) => p.title.endsWith("T-Shirt"))).toBe(true)

        const cols = await api.get("/store/collections?handle[]=outdoor", store())
        const byCol = await api.get(
          `/store/products?collection_id[]=${cols.data.collections[0].id}`,
          store()
        )
        expect(byCol.data.count).toBe(16)

        const search = await api.get("/store/products?q=Sneakers", store())
        expect(search.data.count).toBe(8)

        const page1 = await api.get("/store/products?limit=10&offset=0&order=handle", store())
        const page2 = await api.get("/store/products?limit=10&offset=10&order=handle", store())
        expect(page1.data.products).toHaveLength(10)
        const ids = new Set([...page1.data.products, ...page2.data.products].map((p: any) => p.id))
        expect(ids.size).toBe(20)

        const byHandle = await api.get("/store/products?handle=classic-t-shirt", store())
        expect(byHandle.data.products[0].title).toBe("Classic T-Shirt")
        expect(byHandle.data.products[0].variants.length).toBe(8)
      })

      it("answers 404 for an unknown product and 400 without a publishable key", async () => {
        const missing = await failing(api.get("/store/products/prod_does_not_exist", store()))
        expect(missing.status).toBe(404)
        const noKey = await failing(api.get("/store/products"))
        expect(noKey.status).toBe(400)
        expect(noKey.data.message).toMatch(/publishable/i)
      })
    })

    describe("cart", () => {
      it("adds, changes and removes items, sets addresses, shipping and a promotion", async () => {
        const cart = await newCart()
        const added = await api.post(
          `/store/carts/${cart.id}/line-items`,
          { variant_id: variants.inStock[0].id, quantity: 1 },
          store()
        )
        const item = added.data.cart.items[0]
        expect(item.quantity).toBe(1)
        const changed = await api.post(
          `/store/carts/${cart.id}/line-items/${item.id}`,
          { quantity: 3 },
          store()
        )
        expect(changed.data.cart.items[0].quantity).toBe(3)
        const withAddress = await api.post(
          `/store/carts/${cart.id}`,
          { email: "guest@example.com", shipping_address: address },
          store()
        )
        expect(withAddress.data.cart.shipping_address.city).toBe("Amsterdam")
        const options = await api.get(`/store/shipping-options?cart_id=${cart.id}`, store())
        expect(options.data.shipping_options.map((o: any) => o.name).sort()).toEqual([
          "Express Shipping (Europe)",
          "Standard Shipping (Europe)",
        ])
        const express = options.data.shipping_options.find((o: any) => o.name.startsWith("Express"))
        const shipped = await api.post(
          `/store/carts/${cart.id}/shipping-methods`,
          { option_id: express.id },
          store()
        )
        expect(shipped.data.cart.shipping_methods[0].amount).toBe(15)
        const before = shipped.data.cart.item_subtotal
        const promo = await api.post(
          `/store/carts/${cart.id}/promotions`,
          { promo_codes: [DEMO_PROMOTION_CODE] },
          store()
        )
        expect(promo.data.cart.discount_total).toBeCloseTo(before * 0.1 * 1.2, 1)
        const removed = await api.delete(`/store/carts/${cart.id}/line-items/${item.id}`, store())
        expect(removed.data.parent.items).toHaveLength(0)
      })

      it("rejects unknown variants, bad quantities and out-of-stock items, changing nothing", async () => {
        const cart = await newCart()
        const unknown = await failing(
          api.post(
            `/store/carts/${cart.id}/line-items`,
            { variant_id: "variant_missing", quantity: 1 },
            store()
          )
        )
        expect(unknown.status).toBeGreaterThanOrEqual(400)
        expect(unknown.status).toBeLessThan(500)
        for (const quantity of [0, -1]) {
          const bad = await failing(
            api.post(
              `/store/carts/${cart.id}/line-items`,
              { variant_id: variants.inStock[0].id, quantity },
              store()
            )
          )
          expect(bad.status).toBe(400)
        }
        const soldOut = await failing(
          api.post(
            `/store/carts/${cart.id}/line-items`,
            { variant_id: variants.soldOut!.id, quantity: 1 },
            store()
          )
        )
        expect(soldOut.status).toBe(400)
        expect(soldOut.data.message).toMatch(/inventory|stock/i)
        const tooMany = await failing(
          api.post(
            `/store/carts/${cart.id}/line-items`,
            { variant_id: variants.scarce!.id, quantity: 3 },
            store()
          )
        )
        expect(tooMany.status).toBe(400)
        const after = await api.get(`/store/carts/${cart.id}`, store())
        expect(after.data.cart.items).toHaveLength(0)
      })
    })

    describe("checkout", () => {
      it("places a guest order with the system payment provider", async () => {
        const { done } = await checkout(store(), "guest-buyer@example.com")
        expect(done.data.type).toBe("order")
        const order = done.data.order
        expect(order.email).toBe("guest-buyer@example.com")
        expect(order.items[0].quantity).toBe(2)
        expect(order.total).toBeGreaterThan(0)
        const byId = await api.get(`/store/orders/${order.id}`, store())
        expect(byId.data.order.id).toBe(order.id)
      })

      it("places a registered customer's order and shows it in their order history", async () => {
        const c = await registerCustomer(api, store().headers)
        const { done } = await checkout(c.headers, c.email)
        expect(done.data.type).toBe("order")
        const placed = await api.get(
          `/store/orders/${done.data.order.id}?fields=+customer_id`,
          c.headers
        )
        expect(placed.data.order.customer_id).toBe(c.customer.id)
        const history = await api.get("/store/orders", c.headers)
        expect(history.data.orders.map((o: any) => o.id)).toEqual([done.data.order.id])
        const other = await registerCustomer(api, store().headers)
        const otherHistory = await api.get("/store/orders", other.headers)
        expect(otherHistory.data.orders).toHaveLength(0)
      })

      it("will not complete a cart without shipping or payment", async () => {
        const cart = await newCart()
        await api.post(
          `/store/carts/${cart.id}/line-items`,
          { variant_id: variants.inStock[1].id, quantity: 1 },
          store()
        )
        const res = await failing(api.post(`/store/carts/${cart.id}/complete`, {}, store()))
        expect(res.status).toBeGreaterThanOrEqual(400)
        expect(res.status).toBeLessThan(500)
      })
    })

    describe("admin", () => {
      it("lists and reads orders and products", async () => {
        const { done } = await checkout()
        const orders = await api.get("/admin/orders", demo.adminHeaders)
        expect(orders.data.orders.map((o: any) => o.id)).toContain(done.data.order.id)
        const order = await api.get(`/admin/orders/${done.data.order.id}`, demo.adminHeaders)
        expect(order.data.order.items).toHaveLength(1)
        const products = await api.get("/admin/products?limit=5", demo.adminHeaders)
        expect(products.data.count).toBeGreaterThanOrEqual(40)
        const product = await api.get(
          `/admin/products/${products.data.products[0].id}`,
          demo.adminHeaders
        )
        expect(product.data.product.variants.length).toBeGreaterThan(0)
        const anonymous = await failing(api.get("/admin/orders"))
        expect(anonymous.status).toBe(401)
      })

      it("logs an admin in with e-mail and password", async () => {
        const { Modules } = await import("@medusajs/framework/utils")
        const { createUserAccountWorkflow } = await import("@medusajs/medusa/core-flows")
        const container = getContainer()
        const { authIdentity } = await container.resolve(Modules.AUTH).register("emailpass", {
          body: { email: "ops@test.local", password: "Admin-Pass-12345" },
        })
        await createUserAccountWorkflow(container).run({
          input: { authIdentityId: authIdentity!.id, userData: { email: "ops@test.local" } },
        })
        const ok = await api.post("/auth/user/emailpass", {
          email: "ops@test.local",
          password: "Admin-Pass-12345",
        })
        const me = await api.get("/admin/users/me", {
          headers: { authorization: `Bearer ${ok.data.token}` },
        })
        expect(me.data.user.email).toBe("ops@test.local")
        const bad = await failing(
          api.post("/auth/user/emailpass", { email: "ops@test.local", password: "wrong" })
        )
        expect(bad.status).toBe(401)
      })
    })
  },
})
