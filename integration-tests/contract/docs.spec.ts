import fs from "fs"
import path from "path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { parse } from "yaml"
import { chromium } from "playwright-core"
import { buildOpenApiDocument } from "@commerce-api/plugin/openapi/document"
import {
  failing,
  findVariants,
  registerCustomer,
  seedForTests,
  type Demo,
  address,
} from "../helpers/fixtures"
import { DEMO_PROMOTION_CODE } from "../../src/lib/demo-seed"
import { contractValidator } from "./setup"
import { createContractValidator } from "./validator"
import { runPostmanItems } from "./postman-runner"
import { CHROMIUM_ARGS, chromiumPath, itWithBinaries } from "../helpers/system-binaries"

jest.setTimeout(180 * 1000)

// Serves the docs, and exercises every documented operation at least once so the contract
// checks (setup.ts) validate each against real responses, including error answers.
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let demo: Demo
    let variants: Awaited<ReturnType<typeof findVariants>>
    const store = () => demo.storeHeaders

    beforeAll(async () => {
      demo = await seedForTests(getContainer())
      variants = await findVariants(getContainer())
    })

    describe("serving the document", () => {
      it("serves /openapi.json and /openapi.yaml equal to the built document", async () => {
        const doc = buildOpenApiDocument()
        const json = await api.get("/openapi.json")
        expect(json.headers["content-type"]).toMatch(/application\/json/)
        expect(json.data).toEqual(doc)
        expect(json.data.openapi).toBe("3.1.0")
        const yaml = await api.get("/openapi.yaml", { responseType: "text" })
        expect(yaml.headers["content-type"]).toMatch(/application\/yaml/)
        expect(parse(yaml.data)).toEqual(doc)
      })

      it("serves Swagger UI from node_modules with a strict CSP and no path traversal", async () => {
        const page = await api.get("/docs", { responseType: "text" })
        expect(page.data).toContain('<div id="swagger-ui">')
        expect(page.data).not.toMatch(/<script>(?!<\/script>)/)
        expect(page.data).not.toMatch(/https?:\/\//)
        expect(page.headers["content-security-policy"]).toContain("script-src 'self'")
        const bundle = await api.get("/docs/assets/swagger-ui-bundle.js", { responseType: "text" })
        expect(bundle.headers["content-type"]).toMatch(/javascript/)
        expect(bundle.data.length).toBeGreaterThan(100000)
        const init = await api.get("/docs/assets/swagger-initializer.js", { responseType: "text" })
        expect(init.data).toContain('url: "/openapi.json"')
        for (const bad of ["package.json", "..%2F..%2Fpackage.json", "index.html"]) {
          const res = await failing(api.get(`/docs/assets/${bad}`))
          expect(res.status).toBe(404)
        }
      })

      // Only this test needs Chromium: without it the rest of the file still runs.
      itWithBinaries(
        ["chromium"],
        "renders /docs in headless Chromium with every tag and a working try-it",
        async () => {
          const browser = await chromium.launch({
            executablePath: chromiumPath(),
            args: CHROMIUM_ARGS,
          })
          try {
            const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } })
            const problems: string[] = []
            page.on("console", (m) => m.type() === "error" && problems.push(m.text()))
            page.on("pageerror", (e) => problems.push(e.message))
            const external: string[] = []
            page.on("request", (r) => {
              if (!r.url().startsWith(api.defaults.baseURL!)) external.push(r.url())
            })
            await page.goto(`${api.defaults.baseURL}/docs`)
            await page.waitForSelector(".opblock-tag", { timeout: 30000 })
            expect(await page.textContent(".info .title")).toContain("Commerce API")
            const tags = await page.$$eval(".opblock-tag", (els) => els.map((e) => e.textContent))
            for (const t of ["Auth", "Customers", "Catalog", "Carts", "Checkout", "Orders"]) {
              expect(tags.join(" ")).toContain(t)
            }
            fs.mkdirSync(path.resolve(__dirname, "../../test-artifacts"), { recursive: true })
            await page.screenshot({
              path: path.resolve(__dirname, "../../test-artifacts/docs.png"),
              fullPage: false,
            })
            // Try it out: GET /store/regions with the publishable key through the UI.
            // tryItOutEnabled is on, so the parameters are editable without clicking "Try it out".
            await page.click("button.authorize")
            const keyBox = page.locator(".auth-container", { hasText: "publishableKey" })
            await keyBox.locator("input").fill(demo.publishableKey)
            await keyBox.locator("button.authorize").click()
            await page.click("button.close-modal")
            await page.click("#operations-Catalog-get_store_regions .opblock-summary")
            await page.click("#operations-Catalog-get_store_regions button.execute")
            await page.waitForSelector(
              "#operations-Catalog-get_store_regions .live-responses-table .response-col_status"
            )
            const status = await page.textContent(
              "#operations-Catalog-get_store_regions .live-responses-table tbody .response-col_status"
            )
            expect(status?.trim()).toBe("200")
            expect(external).toEqual([])
            expect(problems).toEqual([])
          } finally {
            await browser.close()
          }
        }
      )
    })

    describe("contract checks", () => {
      it("reports a violation when a documented response shape is broken", async () => {
        const broken = buildOpenApiDocument()
        const cart = broken.components?.schemas?.Cart
        if (!cart || !("properties" in cart) || !cart.properties) {
          throw new Error("the document has no Cart schema with properties")
        }
        cart.properties.total = { type: "string" }
        const validator = createContractValidator(broken)
        const res = await api.post("/store/carts", { region_id: demo.regions.eur }, store())
        const v = validator.check({
          method: "post",
          url: "/store/carts",
          status: res.status,
          contentType: res.headers["content-type"],
          body: res.data,
        })
        expect(v?.problems.join("\n")).toMatch(/\/cart\/total must be string/)
        const undocumented = validator.check({
          method: "post",
          url: "/store/carts",
          status: 418,
          body: {},
        })
        expect(undocumented?.problems[0]).toMatch(/status 418 is not documented/)
      })

      it("auth: register, login, session, refresh, logout, password reset", async () => {
        const c = await registerCustomer(api, store().headers)
        const session = await api.post(
          "/auth/session",
          {},
          { headers: { authorization: `Bearer ${c.token}` } }
        )
        expect(session.data.user.actor_id).toBe(c.customer.id)
        const refreshed = await api.post(
          "/auth/token/refresh",
          {},
          { headers: { authorization: `Bearer ${c.token}` } }
        )
        expect(typeof refreshed.data.token).toBe("string")
        expect((await failing(api.post("/auth/token/refresh", {}))).status).toBe(401)
        const cookie = (session.headers["set-cookie"] as string[])[0].split(";")[0]
        const out = await api.delete("/auth/session", { headers: { cookie } })
        expect(out.data).toEqual({ success: true })
        expect((await failing(api.delete("/auth/session"))).status).toBe(401)
        const reset = await api.post("/auth/customer/emailpass/reset-password", {
          identifier: c.email,
        })
        expect(reset.status).toBe(201)
        const noBody = await failing(api.post("/auth/customer/emailpass/reset-password", {}))
        expect(noBody.status).toBe(400)
        const bad = await failing(
          api.post("/auth/customer/emailpass/update", { password: "Another-Long-Passphrase-42" })
        )
        expect(bad.status).toBe(401)
        expect((await failing(api.post("/auth/session", {}))).status).toBe(401)
      })

      it("customers: profile and address book", async () => {
        const c = await registerCustomer(api, store().headers)
        const me = await api.get("/store/customers/me", c.headers)
        expect(me.data.customer.email).toBe(c.email)
        const updated = await api.post("/store/customers/me", { first_name: "Ada" }, c.headers)
        expect(updated.data.customer.first_name).toBe("Ada")
        const unknown = await failing(api.post("/store/customers/me", { nope: 1 }, c.headers))
        expect(unknown.status).toBe(400)
        const created = await api.post("/store/customers/me/addresses", address, c.headers)
        const addr = created.data.customer.addresses[0]
        const list = await api.get("/store/customers/me/addresses", c.headers)
        expect(list.data.count).toBe(1)
        const one = await api.get(`/store/customers/me/addresses/${addr.id}`, c.headers)
        expect(one.data.address.city).toBe("Amsterdam")
        const changed = await api.post(
          `/store/customers/me/addresses/${addr.id}`,
          { city: "Utrecht" },
          c.headers
        )
        expect(changed.data.customer.addresses[0].city).toBe("Utrecht")
        const del = await api.delete(`/store/customers/me/addresses/${addr.id}`, c.headers)
        expect(del.data).toMatchObject({ object: "address", deleted: true })
        expect(del.data.parent.addresses).toEqual([])
        expect((await failing(api.get("/store/customers/me/addresses", store()))).status).toBe(401)
        const noToken = await failing(
          api.post("/store/customers", { email: "x@example.com" }, store())
        )
        expect(noToken.status).toBe(401)
      })

      it("catalog: single resources and lists", async () => {
        const products = await api.get(
          `/store/products?limit=1&region_id=${demo.regions.usd}&fields=*variants.calculated_price`,
          store()
        )
        const product = await api.get(
          `/store/products/${products.data.products[0].id}?region_id=${demo.regions.usd}`,
          store()
        )
        expect(product.data.product.id).toBe(products.data.products[0].id)
        const cats = await api.get("/store/product-categories?limit=100", store())
        const cat = await api.get(
          `/store/product-categories/${cats.data.product_categories[0].id}`,
          store()
        )
        expect(cat.data.product_category.id).toBeTruthy()
        const cols = await api.get("/store/collections", store())
        const col = await api.get(`/store/collections/${cols.data.collections[0].id}`, store())
        expect(col.data.collection.handle).toBeTruthy()
        const regions = await api.get("/store/regions", store())
        const region = await api.get(`/store/regions/${regions.data.regions[0].id}`, store())
        expect(region.data.region.currency_code).toMatch(/eur|usd/)
        const statuses: Record<string, number> = {}
        for (const url of [
          "/store/product-categories/pcat_missing",
          "/store/collections/pcol_missing",
          "/store/regions/reg_missing",
        ]) {
          statuses[url] = (await api.get(url, { ...store(), validateStatus: () => true })).status
        }
        expect(statuses).toEqual({
          // Medusa 2.21.2 answers 200 {} here (documented as such).
          "/store/product-categories/pcat_missing": 200,
          "/store/collections/pcol_missing": 404,
          "/store/regions/reg_missing": 404,
        })
        const providers = await api.get(
          `/store/payment-providers?region_id=${demo.regions.eur}`,
          store()
        )
        expect(providers.data.payment_providers.map((p: any) => p.id)).toContain(
          "pp_system_default"
        )
      })

      it("carts: line items, promotions, customer transfer, checkout and order history", async () => {
        const c = await registerCustomer(api, store().headers)
        const cart = (await api.post("/store/carts", { region_id: demo.regions.eur }, store())).data
          .cart
        const added = await api.post(
          `/store/carts/${cart.id}/line-items`,
          { variant_id: variants.inStock[0].id, quantity: 1 },
          store()
        )
        const item = added.data.cart.items[0]
        const more = await api.post(
          `/store/carts/${cart.id}/line-items/${item.id}`,
          { quantity: 3 },
          store()
        )
        expect(more.data.cart.items[0].quantity).toBe(3)
        const promo = await api.post(
          `/store/carts/${cart.id}/promotions`,
          { promo_codes: [DEMO_PROMOTION_CODE] },
          store()
        )
        expect(promo.data.cart.discount_total).toBeGreaterThan(0)
        const unpromo = await api.delete(`/store/carts/${cart.id}/promotions`, {
          ...store(),
          data: { promo_codes: [DEMO_PROMOTION_CODE] },
        })
        expect(unpromo.data.cart.discount_total).toBe(0)
        const mine = await api.post(`/store/carts/${cart.id}/customer`, {}, c.headers)
        expect(mine.data.cart.customer_id).toBe(c.customer.id)
        await api.post(
          `/store/carts/${cart.id}`,
          { shipping_address: address, billing_address: address },
          c.headers
        )
        const options = await api.get(`/store/shipping-options?cart_id=${cart.id}`, c.headers)
        await api.post(
          `/store/carts/${cart.id}/shipping-methods`,
          { option_id: options.data.shipping_options[0].id },
          c.headers
        )
        const pc = await api.post("/store/payment-collections", { cart_id: cart.id }, c.headers)
        await api.post(
          `/store/payment-collections/${pc.data.payment_collection.id}/payment-sessions`,
          { provider_id: "pp_system_default" },
          c.headers
        )
        const done = await api.post(`/store/carts/${cart.id}/complete`, {}, c.headers)
        expect(done.data.type).toBe("order")
        const orders = await api.get("/store/orders", c.headers)
        expect(orders.data.orders.map((o: any) => o.id)).toContain(done.data.order.id)
        expect((await failing(api.get("/store/orders/order_missing", store()))).status).toBe(404)
        expect((await failing(api.get("/store/carts/cart_missing", store()))).status).toBe(404)
        const line = await api.post(
          "/store/carts",
          {
            region_id: demo.regions.eur,
            items: [{ variant_id: variants.inStock[1].id, quantity: 1 }],
          },
          store()
        )
        const del = await api.delete(
          `/store/carts/${line.data.cart.id}/line-items/${line.data.cart.items[0].id}`,
          store()
        )
        expect(del.data).toMatchObject({ object: "line-item", deleted: true })
      })

      it("runs the generated Postman Checkout folder to a placed order", async () => {
        const collection = JSON.parse(
          fs.readFileSync(
            path.resolve(__dirname, "../../docs/postman/commerce-api.postman_collection.json"),
            "utf8"
          )
        )
        const folder = collection.item.find((f: any) => f.name.startsWith("Checkout (run"))
        const results = await runPostmanItems(
          folder.item,
          async (req) => {
            const res = await api.request({
              method: req.method,
              url: req.url,
              headers: req.headers,
              data: req.data,
              validateStatus: () => true,
            })
            return { status: res.status, data: res.data }
          },
          { baseUrl: api.defaults.baseURL!, publishableKey: demo.publishableKey }
        )
        expect(results.filter((r) => r.status !== 200 || r.failures.length)).toEqual([])
        expect(results).toHaveLength(11)
      })

      it("validated every documented operation in this file", () => {
        const exercised = new Set(
          [...contractValidator().exercised].map((e) => e.split(" ").slice(0, 2).join(" "))
        )
        // Feature routes are exercised (and so validated) by their own HTTP suites:
        // reviews, wishlist, email-flows, audit, observability, webhooks, data-rights and sso-oidc.
        const ownSuites = new Set([
          "Reviews",
          "Wishlist",
          "Email verification",
          "Audit log",
          "Operations",
          "Webhooks",
          "Data rights",
          "Sign-in with an identity provider",
        ])
        const missing = contractValidator()
          .operations.filter((o) => !ownSuites.has(o.op.tags?.[0]))
          .map((o) => `${o.method.toUpperCase()} ${o.path}`)
          .filter((op) => !exercised.has(op))
        expect(missing).toEqual([])
      })
    })
  },
})
