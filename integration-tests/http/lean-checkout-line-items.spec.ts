import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { addToCartWorkflow } from "@medusajs/medusa/core-flows"
import { Modules } from "@medusajs/framework/utils"
import { Client } from "pg"
import { address, type Demo, failing, findVariants, seedForTests } from "../helpers/fixtures"
import { DEMO_PROMOTION_CODE } from "../../src/lib/demo-seed"
import { normaliseIds as normalise } from "../helpers/parity"

jest.setTimeout(600 * 1000)

type Headers = { headers: Record<string, string> }
type Recorded = { name: string; data: unknown }

const byName = (events: Recorded[]) => [...events].sort((a, b) => a.name.localeCompare(b.name))

medusaIntegrationTestRunner({
  inApp: true,
  env: { RATE_LIMIT_STORE_POINTS: "1000000", RATE_LIMIT_AUTH_POINTS: "1000000" },
  testSuite: ({ api, getContainer }) => {
    let demo: Demo
    let variants: Awaited<ReturnType<typeof findVariants>>
    let events: Recorded[] = []

    beforeAll(async () => {
      demo = await seedForTests(getContainer())
      variants = await findVariants(getContainer())
      // Every event emitted through the bus, in order: names and payloads.
      const bus = getContainer().resolve(Modules.EVENT_BUS)
      const emit = bus.emit.bind(bus)
      bus.emit = (async (data: unknown, options?: unknown) => {
        for (const e of Array.isArray(data) ? data : [data]) {
          const msg = e as { name: string; data: unknown }
          events.push({ name: msg.name, data: msg.data })
        }
        return emit(data as never, options as never)
      }) as typeof bus.emit
    })

    const store = (): Headers => demo.storeHeaders

    /** A cart in the EUR region, put in the same state by `setup` for both sides. */
    async function newCart(setup?: (id: string) => Promise<void>) {
      const res = await api.post("/store/carts", { region_id: demo.regions.eur }, store())
      const id = res.data.cart.id as string
      if (setup) await setup(id)
      return id
    }

    async function addHttp(id: string, body: Record<string, unknown>) {
      events = []
      try {
        const res = await api.post(`/store/carts/${id}/line-items`, body, store())
        return { status: res.status, body: res.data, events }
      } catch (e) {
        const res = await failing(Promise.reject(e))
        return { status: res.status, body: res.data, events }
      }
    }

    async function addCore(id: string, body: Record<string, unknown>) {
      events = []
      try {
        await addToCartWorkflow(getContainer()).run({
          input: { cart_id: id, items: [body as never] },
        })
      } catch (e) {
        const err = e as { type?: string; message?: string }
        return { status: "error", body: { type: err.type, message: err.message }, events }
      }
      const res = await api.get(`/store/carts/${id}`, store())
      return { status: res.status, body: res.data, events }
    }

    /** Runs `adds` on two carts prepared alike, through the route and through Medusa's workflow. */
    async function parity(adds: Record<string, unknown>[], setup?: (id: string) => Promise<void>) {
      const lean = await newCart(setup)
      const core = await newCart(setup)
      const results: { lean: unknown; core: unknown }[] = []
      for (const body of adds) {
        const l = await addHttp(lean, body)
        const c = await addCore(core, body)
        // The HTTP error's body is Medusa's error (type, message); the workflow throws it.
        if (c.status === "error") {
          expect(l.status).toBeGreaterThanOrEqual(400)
          expect(l.status).toBeLessThan(500)
          expect({ type: l.body.type, message: l.body.message }).toEqual(c.body)
        } else {
          expect(l.status).toBe(200)
          expect(normalise(l.body)).toEqual(normalise(c.body))
        }
        // Steps Medusa runs in parallel emit in either order: compared as a sorted list.
        expect(normalise(byName(l.events))).toEqual(normalise(byName(c.events)))
        results.push({ lean: l, core: c })
      }
      return results as { lean: { body: any; events: Recorded[] }; core: { body: any } }[]
    }

    const v = (i: number) => variants.inStock[i].id
    const withAddress = async (id: string) => {
      await api.post(`/store/carts/${id}`, { shipping_address: address }, store())
    }

    it("first item, then the same variant again (merged), then a second variant", async () => {
      const [first, , second] = await parity([
        { variant_id: v(0), quantity: 1 },
        { variant_id: v(0), quantity: 2 },
        { variant_id: v(1), quantity: 1, metadata: { gift: true } },
      ])
      expect(first.lean.events.map((e) => e.name)).toContain("cart.updated")
      expect(second.lean.body.cart.items).toHaveLength(2)
      const merged = second.lean.body.cart.items.find((i: any) => i.variant_id === v(0))
      expect(merged.quantity).toBe(3)
    })

    it("with an address: tax lines for the new items (tax-exclusive prices)", async () => {
      const [, two] = await parity(
        [
          { variant_id: v(0), quantity: 1 },
          { variant_id: v(1), quantity: 2 },
        ],
        withAddress
      )
      const cart = two.lean.body.cart
      expect(cart.tax_total).toBeGreaterThan(0)
      for (const item of cart.items) expect(item.tax_lines?.length ?? item.tax_total).toBeTruthy()
    })

    it("a tax-inclusive region", async () => {
      const pricing = getContainer().resolve(Modules.PRICING)
      // Medusa reads the region's preference before the currency's: both say inclusive.
      const selectors = [
        { attribute: "region_id", value: demo.regions.eur },
        { attribute: "currency_code", value: "eur" },
      ]
      const before = await pricing.listPricePreferences({ $or: selectors })
      const created: string[] = []
      for (const selector of selectors) {
        const existing = before.find(
          (p) => p.attribute === selector.attribute && p.value === selector.value
        )
        if (existing) await pricing.updatePricePreferences(existing.id, { is_tax_inclusive: true })
        else {
          const [pref] = await pricing.createPricePreferences([
            { ...selector, is_tax_inclusive: true },
          ])
          created.push(pref.id)
        }
      }
      try {
        const [one] = await parity([{ variant_id: v(0), quantity: 2 }], withAddress)
        expect(one.lean.body.cart.items[0].is_tax_inclusive).toBe(true)
        expect(one.lean.body.cart.tax_total).toBeGreaterThan(0)
      } finally {
        for (const p of before) {
          await pricing.updatePricePreferences(p.id, { is_tax_inclusive: p.is_tax_inclusive })
        }
        if (created.length) await pricing.deletePricePreferences(created)
      }
    })

    it("a cart with a promotion code", async () => {
      const [, two] = await parity(
        [
          { variant_id: v(0), quantity: 1 },
          { variant_id: v(1), quantity: 1 },
        ],
        async (id) => {
          await withAddress(id)
          await api.post(
            `/store/carts/${id}/line-items`,
            { variant_id: v(2), quantity: 1 },
            store()
          )
          await api.post(
            `/store/carts/${id}/promotions`,
            { promo_codes: [DEMO_PROMOTION_CODE] },
            store()
          )
        }
      )
      const cart = two.lean.body.cart
      expect(cart.promotions.map((p: any) => p.code)).toEqual([DEMO_PROMOTION_CODE])
      expect(cart.discount_total).toBeGreaterThan(0)
      for (const item of cart.items) expect(item.adjustments.length).toBe(1)
    })

    it("an automatic promotion", async () => {
      const promotions = getContainer().resolve(Modules.PROMOTION)
      const [auto] = await promotions.createPromotions([
        {
          code: "AUTO5",
          type: "standard",
          status: "active",
          is_automatic: true,
          application_method: {
            type: "fixed",
            target_type: "order",
            allocation: "across",
            value: 5,
            currency_code: "eur",
          },
        },
      ])
      try {
        const [one] = await parity([{ variant_id: v(0), quantity: 1 }], withAddress)
        expect(one.lean.body.cart.promotions.map((p: any) => p.code)).toEqual(["AUTO5"])
      } finally {
        await promotions.deletePromotions([auto.id])
      }
    })

    it("a cart with a shipping method and a payment collection", async () => {
      const [one] = await parity([{ variant_id: v(1), quantity: 3 }], async (id) => {
        await withAddress(id)
        await api.post(`/store/carts/${id}/line-items`, { variant_id: v(0), quantity: 1 }, store())
        const options = await api.get(`/store/shipping-options?cart_id=${id}`, store())
        const standard = options.data.shipping_options.find((o: any) =>
          o.name.startsWith("Standard")
        )
        await api.post(`/store/carts/${id}/shipping-methods`, { option_id: standard.id }, store())
        await api.post("/store/payment-collections", { cart_id: id }, store())
      })
      const cart = one.lean.body.cart
      expect(cart.shipping_methods).toHaveLength(1)
      const pc = await api.get(
        `/store/carts/${cart.id}?fields=%2Bpayment_collection.amount`,
        store()
      )
      expect(pc.data.cart.payment_collection.amount).toBe(pc.data.cart.total)
    })

    it("errors: a variant without stock, an unknown variant, a completed-looking cart id", async () => {
      await parity([
        { variant_id: variants.soldOut!.id, quantity: 1 },
        { variant_id: "variant_01JZZZZZZZZZZZZZZZZZZZZZZZ", quantity: 1 },
        { variant_id: v(0), quantity: 1 },
        { variant_id: variants.scarce!.id, quantity: 5 },
      ])
      const res = await failing(
        api.post(
          "/store/carts/cart_01JZZZZZZZZZZZZZZZZZZZZZZZ/line-items",
          { variant_id: v(0), quantity: 1 },
          store()
        )
      )
      expect(res.status).toBe(404)
    })

    it("concurrent adds to one cart are serialised by the cart lock", async () => {
      const id = await newCart()
      const results = await Promise.allSettled(
        [0, 1, 2].map((i) =>
          api.post(`/store/carts/${id}/line-items`, { variant_id: v(i), quantity: 1 }, store())
        )
      )
      const ok = results.filter((r) => r.status === "fulfilled").length
      const cart = (await api.get(`/store/carts/${id}`, store())).data.cart
      expect(cart.items).toHaveLength(ok)
      expect(ok).toBeGreaterThan(0)
    })

    it("issues fewer SQL statements than Medusa's workflow for the same add", async () => {
      // Every statement of the process (the app runs in it) while one workflow runs.
      const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown }
      const query = proto.query
      let count = 0
      proto.query = function (this: unknown, ...args: unknown[]) {
        count++
        return query.apply(this, args)
      }
      const engine = getContainer().resolve(Modules.WORKFLOW_ENGINE)
      const measure = async (workflowId: string, cartId: string, variantId: string) => {
        count = 0
        await engine.run(workflowId, {
          input: { cart_id: cartId, items: [{ variant_id: variantId, quantity: 1 }] },
        })
        return count
      }
      try {
        const counts = { lean: [] as number[], core: [] as number[] }
        for (let round = 0; round < 3; round++) {
          const lean = await newCart(withAddress)
          const core = await newCart(withAddress)
          counts.lean.push(await measure("lean-add-to-cart", lean, v(0)))
          counts.core.push(await measure("add-to-cart", core, v(0)))
          counts.lean.push(await measure("lean-add-to-cart", lean, v(1)))
          counts.core.push(await measure("add-to-cart", core, v(1)))
        }
        console.log(`SQL statements per add (lean vs core): ${JSON.stringify(counts)}`)
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
        expect(median(counts.lean)).toBeLessThan(median(counts.core))
      } finally {
        proto.query = query
      }
    })

    // Last: a hook handler cannot be removed again once registered.
    it("a hook handler on add-to-cart sends the request to Medusa's own handler", async () => {
      const seen: string[] = []
      addToCartWorkflow.hooks.validate(({ input }) => {
        seen.push((input as { cart_id: string }).cart_id)
      })
      const id = await newCart()
      const res = await api.post(
        `/store/carts/${id}/line-items`,
        { variant_id: v(0), quantity: 1 },
        store()
      )
      expect(res.data.cart.items).toHaveLength(1)
      expect(seen).toEqual([id])
    })
  },
})
