import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createSalesChannelsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
} from "@medusajs/medusa/core-flows"
import {
  cartReadyToComplete,
  type Demo,
  failing,
  registerCustomer,
  seedForTests,
} from "../helpers/fixtures"
import { catalogCacheStats } from "@commerce-api/plugin/lib/cache/index"
import { getStoreLimiters } from "@commerce-api/plugin/api/middlewares/security-auth"

// Booting Medusa on a loaded 2-core machine can take minutes.
jest.setTimeout(600 * 1000)

const PRICED = "fields=*variants.calculated_price,+variants.inventory_quantity"

medusaIntegrationTestRunner({
  inApp: true,
  env: { CATALOG_CACHE: "on", CATALOG_CACHE_PREFIX: `cache:test-${process.pid}:` },
  testSuite: ({ api, getContainer }) => {
    let demo: Demo
    let product: any
    let otherKey: string

    beforeAll(async () => {
      const container = getContainer()
      demo = await seedForTests(container)
      // A second storefront whose sales channel sells nothing.
      const {
        result: [channel],
      } = await createSalesChannelsWorkflow(container).run({
        input: { salesChannelsData: [{ name: "Outlet" }] },
      })
      const {
        result: [key],
      } = await createApiKeysWorkflow(container).run({
        input: { api_keys: [{ title: "Outlet", type: "publishable", created_by: "" }] },
      })
      await linkSalesChannelsToApiKeyWorkflow(container).run({
        input: { id: key.id, add: [channel.id] },
      })
      otherKey = key.token
    })

    // Every test starts from the restored DB, but the cache lives on in the
    // server process: drop it as a catalog event would.
    beforeEach(async () => {
      await getContainer()
        .resolve(Modules.EVENT_BUS)
        .emit({ name: "product.updated", data: { id: "reset" } })
      await new Promise((r) => setTimeout(r, 100))
      const { data } = await api.get(
        `/store/products?limit=1&order=created_at&region_id=${demo.regions.eur}`,
        demo.storeHeaders
      )
      product = data.products[0]
    })

    const store = (extra: Record<string, string> = {}) => ({
      headers: { ...demo.storeHeaders.headers, ...extra },
    })
    const listUrl = () => `/store/products?limit=20&region_id=${demo.regions.eur}&${PRICED}`
    const byId = () => `/store/products/${product.id}?region_id=${demo.regions.eur}&${PRICED}`

    async function warm(url: string, headers = store()) {
      await api.get(url, headers)
      const second = await api.get(url, headers)
      expect(second.headers["x-cache"]).toBe("HIT")
      return second
    }

    /** Polls until `check` passes; the target is visibility within 1 s. */
    async function within1s(check: () => Promise<boolean>) {
      const started = Date.now()
      while (!(await check())) {
        if (Date.now() - started > 1000) throw new Error("not visible within 1 s")
        await new Promise((r) => setTimeout(r, 25))
      }
      return Date.now() - started
    }

    describe("hits, misses, ETag", () => {
      it("answers MISS then HIT with the same bytes, an ETag and Cache-Control", async () => {
        const url = `/store/products?limit=5&offset=3&region_id=${demo.regions.eur}&${PRICED}`
        const before = catalogCacheStats()
        const first = await api.get(url, store())
        const second = await api.get(url, store())
        expect(first.headers["x-cache"]).toBe("MISS")
        expect(second.headers["x-cache"]).toBe("HIT")
        expect(second.data).toEqual(first.data)
        expect(second.data.products[0].variants[0].calculated_price.currency_code).toBe("eur")
        expect(second.headers.etag).toBe(first.headers.etag)
        expect(second.headers["cache-control"]).toBe("public, max-age=0, must-revalidate")
        const after = catalogCacheStats()
        expect(after.hits).toBeGreaterThan(before.hits)
        expect(after.misses).toBeGreaterThan(before.misses)
      })

      it("serves repeat hits ahead of Medusa's stack, still rate-limited, with request ids and metrics", async () => {
        const url = listUrl()
        await warm(url)
        const ip = getStoreLimiters().ip
        const consumed = async () =>
          ((await ip.get("127.0.0.1"))?.consumedPoints ?? 0) +
          ((await ip.get("::1"))?.consumedPoints ?? 0)
        const metricLine = async () => {
          const text: string = (await api.get("/metrics")).data
          const line = text
            .split("\n")
            .find(
              (l) =>
                l.startsWith("commerce_http_request_duration_seconds_count{") &&
                l.includes('route="/store/products"') &&
                l.includes('status_class="2xx"')
            )
          return Number(line?.split(" ").pop() ?? 0)
        }
        const before = {
          stats: catalogCacheStats(),
          points: await consumed(),
          seen: await metricLine(),
        }
        const a = await api.get(url, store())
        const b = await api.get(url, store())
        expect(catalogCacheStats().earlyHits - before.stats.earlyHits).toBe(2)
        expect(await consumed()).toBe(before.points + 2)
        expect(await metricLine()).toBe(before.seen + 2)
        for (const res of [a, b]) {
          expect(res.headers["x-cache"]).toBe("HIT")
          expect(res.headers["x-request-id"]).toMatch(/^[A-Za-z0-9._-]+$/)
          expect(res.headers["x-content-type-options"]).toBe("nosniff")
        }
        expect(a.headers["x-request-id"]).not.toBe(b.headers["x-request-id"])
        expect(b.data).toEqual(a.data)

        // A caller over the /store limit gets the 429, cached or not.
        await Promise.all(["127.0.0.1", "::1"].map((k) => ip.block(k, 30)))
        try {
          const limited = await failing(api.get(url, store()))
          expect(limited.status).toBe(429)
          expect(limited.headers["retry-after"]).toBeDefined()
        } finally {
          await Promise.all(["127.0.0.1", "::1"].map((k) => ip.delete(k)))
        }
      })

      it("answers 304 to a matching If-None-Match, 200 to a stale one", async () => {
        const first = await warm(listUrl())
        const revalidated = await api.get(listUrl(), {
          ...store({ "if-none-match": first.headers.etag }),
          validateStatus: () => true,
        })
        expect(revalidated.status).toBe(304)
        expect(revalidated.data).toBe("")
        const stale = await api.get(listUrl(), store({ "if-none-match": '"nope"' }))
        expect(stale.status).toBe(200)
        expect(stale.data.products.length).toBeGreaterThan(0)
      })

      it("normalises the query: parameter order does not matter", async () => {
        await warm(`/store/products?limit=3&region_id=${demo.regions.usd}`)
        const reordered = await api.get(
          `/store/products?region_id=${demo.regions.usd}&limit=3`,
          store()
        )
        expect(reordered.headers["x-cache"]).toBe("HIT")
      })

      it("caches categories, collections, regions and products by handle", async () => {
        for (const url of [
          "/store/product-categories?limit=50",
          "/store/collections",
          "/store/regions",
          `/store/regions/${demo.regions.eur}`,
          `/store/products?handle=${product.handle}&region_id=${demo.regions.eur}`,
        ]) {
          await warm(url)
        }
      })

      it("never caches errors, carts or admin reads", async () => {
        for (let i = 0; i < 2; i++) {
          const missing = await failing(api.get("/store/products/prod_missing", store()))
          expect(missing.status).toBe(404)
          expect(missing.headers["x-cache"]).not.toBe("HIT")
        }
        const cart = await api.post("/store/carts", { region_id: demo.regions.eur }, store())
        for (let i = 0; i < 2; i++) {
          const read = await api.get(`/store/carts/${cart.data.cart.id}`, store())
          expect(read.headers["x-cache"]).toBeUndefined()
        }
        const admin = await api.get("/admin/products?limit=1", demo.adminHeaders)
        expect(admin.headers["x-cache"]).toBeUndefined()
      })

      it("sets CORS headers on hits for allowed origins only", async () => {
        await warm(listUrl())
        const allowed = await api.get(listUrl(), store({ origin: "http://localhost:8000" }))
        expect(allowed.headers["x-cache"]).toBe("HIT")
        expect(allowed.headers["access-control-allow-origin"]).toBe("http://localhost:8000")
        const foreign = await api.get(listUrl(), store({ origin: "http://evil.example" }))
        expect(foreign.headers["access-control-allow-origin"]).toBeUndefined()
      })
    })

    describe("errors are never publicly cacheable", () => {
      it("answers every 4xx/5xx with Cache-Control: no-store, whoever wrote it", async () => {
        const cc = (res: { headers: Record<string, unknown> }) => res.headers["cache-control"]
        // Medusa's router: an unknown route
        const unknown = await failing(api.get("/no/such/route", store()))
        expect(unknown.status).toBe(404)
        expect(cc(unknown)).toBe("no-store")
        // a route's own not-found, through the error handler
        const missing = await failing(api.get("/store/products/prod_missing", store()))
        expect(missing.status).toBe(404)
        expect(cc(missing)).toBe("no-store")
        // Medusa's publishable-key middleware, before any middleware of ours
        const noKey = await failing(api.get(listUrl()))
        expect(noKey.status).toBe(400)
        expect(cc(noKey)).toBe("no-store")
        // Medusa's admin authentication
        const anonymous = await failing(api.get("/admin/products"))
        expect(anonymous.status).toBe(401)
        expect(cc(anonymous)).toBe("no-store")
        // our validators
        const tooMany = await failing(api.get("/store/products?limit=100000", store()))
        expect(tooMany.status).toBe(400)
        expect(cc(tooMany)).toBe("no-store")

        // a forced internal error in a cacheable catalog route
        const region = getContainer().resolve(Modules.REGION)
        const spies = (["listRegions", "listAndCountRegions"] as const).map((m) =>
          jest.spyOn(region, m).mockRejectedValue(new Error("forced failure"))
        )
        try {
          // fetch, not the contract-checked client: a 500 is documented nowhere
          const broken = await fetch(`${api.defaults.baseURL}/store/regions?limit=3`, store())
          expect(broken.status).toBe(500)
          expect(broken.headers.get("cache-control")).toBe("no-store")
          expect(broken.headers.get("x-cache")).toBe("MISS")
        } finally {
          spies.forEach((s) => s.mockRestore())
        }
        // and nothing of it was stored: the next read is a fresh 200
        const fixed = await api.get("/store/regions?limit=3", store())
        expect(fixed.headers["x-cache"]).toBe("MISS")
        expect(cc(fixed)).toBe("public, max-age=0, must-revalidate")

        // the early lane's 429 (an in-process hit is ready for this URL)
        await warm(listUrl())
        const ip = getStoreLimiters().ip
        await Promise.all(["127.0.0.1", "::1"].map((k) => ip.block(k, 30)))
        try {
          const limited = await failing(api.get(listUrl(), store()))
          expect(limited.status).toBe(429)
          expect(cc(limited)).toBe("no-store")
          // and the in-stack 429 of a URL that is not cached
          const limitedMiss = await failing(api.get("/store/regions", store()))
          expect(limitedMiss.status).toBe(429)
          expect(cc(limitedMiss)).toBe("no-store")
        } finally {
          await Promise.all(["127.0.0.1", "::1"].map((k) => ip.delete(k)))
        }

        // successes keep theirs
        const docs = await api.get("/openapi.json")
        expect(cc(docs)).toBe("public, max-age=300")
        expect(cc(await api.get(listUrl(), store()))).toBe("public, max-age=0, must-revalidate")
      })
    })

    describe("time-dependent prices", () => {
      type Sample = { t0: number; t1: number; catalog: number; cart: number; hit: boolean }

      /** Reads the catalog price (anonymous, cached) and what a new cart charges, back to back. */
      async function sample(variantId: string): Promise<Sample> {
        const t0 = Date.now()
        const catalog = await api.get(byId(), store())
        const cart = await api.post(
          "/store/carts",
          { region_id: demo.regions.eur, items: [{ variant_id: variantId, quantity: 1 }] },
          store()
        )
        const t1 = Date.now()
        const v = catalog.data.product.variants.find((x: any) => x.id === variantId)
        return {
          t0,
          t1,
          catalog: v.calculated_price.calculated_amount,
          cart: cart.data.cart.items[0].unit_price,
          hit: catalog.headers["x-cache"] === "HIT",
        }
      }

      it("shows a scheduled sale from its start to its end, as the cart charges it", async () => {
        const variant = (await api.get(byId(), store())).data.product.variants[0]
        const base: number = variant.calculated_price.calculated_amount
        const sale = Math.max(1, Math.round(base / 2))
        expect(sale).not.toBe(base)
        // Phases long enough for a few whole samples however loaded the machine is: sized
        // from one sample's duration, plus time for the price list and the warm-up below.
        const probe = await sample(variant.id)
        const took = probe.t1 - probe.t0
        const phaseMs = Math.max(4000, 5 * took)
        const startsAt = Date.now() + 3 * took + phaseMs
        const endsAt = startsAt + phaseMs
        await api.post(
          "/admin/price-lists",
          {
            title: "Flash sale",
            description: "scheduled",
            type: "sale",
            status: "active",
            starts_at: new Date(startsAt).toISOString(),
            ends_at: new Date(endsAt).toISOString(),
            prices: [{ variant_id: variant.id, currency_code: "eur", amount: sale }],
          },
          demo.adminHeaders
        )
        // Cached before the sale: nothing will announce its start or end.
        const before = await warm(byId())
        expect(
          before.data.product.variants.find((v: any) => v.id === variant.id).calculated_price
            .calculated_amount
        ).toBe(base)

        const samples: Sample[] = []
        while (Date.now() < endsAt + Math.max(2500, 3 * took)) {
          samples.push(await sample(variant.id))
          await new Promise((r) => setTimeout(r, 100))
        }
        // A sample that straddles a boundary may legitimately see both sides.
        const clear = samples.filter(
          (s) => ![startsAt, endsAt].some((b) => s.t0 - 20 <= b && b <= s.t1 + 20)
        )
        const expected = (s: Sample) => (s.t0 > startsAt && s.t1 < endsAt ? sale : base)
        const seen = clear.map((s) => ({ at: s.t0 - startsAt, catalog: s.catalog, cart: s.cart }))
        expect(seen).toEqual(
          clear.map((s) => ({ at: s.t0 - startsAt, catalog: expected(s), cart: expected(s) }))
        )
        const phase = (s: Sample) =>
          s.t1 < startsAt ? "before" : s.t1 < endsAt ? "during" : "after"
        for (const name of ["before", "during", "after"]) {
          expect(clear.filter((s) => phase(s) === name).length).toBeGreaterThanOrEqual(1)
        }
        // Served from the cache again after the end: boundaries expire entries, not the cache.
        const after = await warm(byId())
        expect(
          after.data.product.variants.find((v: any) => v.id === variant.id).calculated_price
            .calculated_amount
        ).toBe(base)
      })
    })

    describe("keying and bypass", () => {
      it("keys by publishable key: another sales channel never sees this one's products", async () => {
        const url = `/store/products?limit=20&region_id=${demo.regions.eur}`
        const shop = await warm(url)
        expect(shop.data.products.length).toBeGreaterThan(0)
        for (let i = 0; i < 2; i++) {
          const outlet = await api.get(url, store({ "x-publishable-api-key": otherKey }))
          expect(outlet.data.products).toEqual([])
          expect(outlet.data.count).toBe(0)
        }
        const byIdOutlet = await failing(
          api.get(`/store/products/${product.id}`, store({ "x-publishable-api-key": otherKey }))
        )
        expect(byIdOutlet.status).toBe(404)
      })

      it("keys by region: eur and usd prices are cached apart", async () => {
        const eur = await warm(listUrl())
        const usdUrl = `/store/products?limit=20&region_id=${demo.regions.usd}&${PRICED}`
        const usd = await api.get(usdUrl, store())
        expect(usd.headers["x-cache"]).toBe("MISS")
        expect(eur.data.products[0].variants[0].calculated_price.currency_code).toBe("eur")
        expect(usd.data.products[0].variants[0].calculated_price.currency_code).toBe("usd")
      })

      it("rejects an unknown publishable key even when the URL is cached", async () => {
        await warm(listUrl())
        const res = await failing(api.get(listUrl(), store({ "x-publishable-api-key": "pk_no" })))
        expect(res.status).toBeGreaterThanOrEqual(400)
        expect(res.headers["x-cache"]).not.toBe("HIT")
      })

      it("bypasses the cache for a logged-in customer (bearer and session)", async () => {
        await warm(listUrl())
        const customer = await registerCustomer(api, demo.storeHeaders.headers)
        const asCustomer = await api.get(listUrl(), customer.headers)
        expect(asCustomer.headers["x-cache"]).toBe("BYPASS")
        const session = await api.post(
          "/auth/session",
          {},
          { headers: { authorization: `Bearer ${customer.token}` } }
        )
        const cookie = String(session.headers["set-cookie"]).split(";")[0]
        const withCookie = await api.get(listUrl(), store({ cookie }))
        expect(withCookie.headers["x-cache"]).toBe("BYPASS")
      })
    })

    describe("invalidation", () => {
      const events = [
        "product.updated",
        "product-variant.updated",
        "pricing.price.updated",
        "pricing.price-list.created",
        "inventory-level.updated",
        "inventory.inventory-level.updated",
        "product-category.updated",
        "product-collection.updated",
        "sales-channel.updated",
        "region.updated",
        "order.placed",
      ]
      it.each(events)("drops cached responses on %s", async (name) => {
        await warm(listUrl())
        const bus = getContainer().resolve(Modules.EVENT_BUS)
        await bus.emit({ name, data: { id: "any" } })
        await within1s(async () => {
          const res = await api.get(listUrl(), store())
          return res.headers["x-cache"] === "MISS"
        })
      })

      it("keeps responses that show no stock cached across an order", async () => {
        const plain = `/store/products?limit=20&region_id=${demo.regions.eur}`
        await warm(plain)
        await warm(listUrl())
        const bus = getContainer().resolve(Modules.EVENT_BUS)
        await bus.emit({ name: "order.placed", data: { id: "any" } })
        await within1s(
          async () => (await api.get(listUrl(), store())).headers["x-cache"] === "MISS"
        )
        expect((await api.get(plain, store())).headers["x-cache"]).toBe("HIT")
      })

      it("shows a guest checkout's reservation within 1 s, through order.placed alone", async () => {
        // Reservation events are not subscribed (0131): alone they leave stock responses cached.
        await warm(byId())
        const bus = getContainer().resolve(Modules.EVENT_BUS)
        for (const name of ["reservation-item.created", "inventory.reservation-item.created"]) {
          await bus.emit({ name, data: { id: "any" } })
        }
        await new Promise((r) => setTimeout(r, 300))
        const cached = await api.get(byId(), store())
        expect(cached.headers["x-cache"]).toBe("HIT")

        const variant = cached.data.product.variants.find((v: any) => v.inventory_quantity > 0)
        const cart = await cartReadyToComplete(api, demo.storeHeaders, {
          regionId: demo.regions.eur,
          variantId: variant.id,
        })
        const done = await api.post(`/store/carts/${cart.id}/complete`, {}, demo.storeHeaders)
        expect(done.data.type).toBe("order")
        await within1s(async () => {
          const p = (await api.get(byId(), store())).data.product
          const v = p.variants.find((x: any) => x.id === variant.id)
          return v.inventory_quantity === variant.inventory_quantity - 1
        })
      })

      it("shows an admin title change and a price change within 1 s", async () => {
        await warm(byId())
        await api.post(`/admin/products/${product.id}`, { title: "Renamed" }, demo.adminHeaders)
        await within1s(
          async () => (await api.get(byId(), store())).data.product.title === "Renamed"
        )

        const variant = (await api.get(byId(), store())).data.product.variants[0]
        await api.post(
          `/admin/products/${product.id}/variants/${variant.id}`,
          { prices: [{ currency_code: "eur", amount: 12345 }] },
          demo.adminHeaders
        )
        await within1s(async () => {
          const p = (await api.get(byId(), store())).data.product
          return (
            p.variants.find((v: any) => v.id === variant.id).calculated_price.calculated_amount ===
            12345
          )
        })
      })

      it("shows a stock change within 1 s", async () => {
        await warm(byId())
        const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
        const variantId = product.variants[0].id
        const { data } = await query.graph({
          entity: "product_variant",
          fields: [
            "inventory_items.inventory_item_id",
            "inventory_items.inventory.location_levels.*",
          ],
          filters: { id: variantId },
        })
        // Nullable in the query types medusa build generates.
        const link = data[0]?.inventory_items?.[0]
        const level = link?.inventory?.location_levels?.[0]
        if (!link || !level) throw new Error("the demo variant has no inventory level")
        await api.post(
          `/admin/inventory-items/${link.inventory_item_id}/location-levels/${level.location_id}`,
          { stocked_quantity: level.stocked_quantity + 777 },
          demo.adminHeaders
        )
        await within1s(async () => {
          const p = (await api.get(byId(), store())).data.product
          const v = p.variants.find((x: any) => x.id === variantId)
          return v.inventory_quantity === level.stocked_quantity - level.reserved_quantity + 777
        })
      })

      it("hides an unpublished product within 1 s", async () => {
        await warm(byId())
        await warm(listUrl())
        await api.post(`/admin/products/${product.id}`, { status: "draft" }, demo.adminHeaders)
        await within1s(async () => {
          const res = await api.get(byId(), { ...store(), validateStatus: () => true })
          return res.status === 404
        })
        const list = await api.get(listUrl(), store())
        expect(list.data.products.map((p: any) => p.id)).not.toContain(product.id)
      })
    })
  },
})
