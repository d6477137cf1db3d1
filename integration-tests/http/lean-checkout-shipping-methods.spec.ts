import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import {
  addShippingMethodToCartWorkflow,
  createPromotionsWorkflow,
  createShippingOptionsWorkflow,
} from "@medusajs/medusa/core-flows"
import { address, type Demo, failing, findVariants, seedForTests } from "../helpers/fixtures"
import { DEMO_PROMOTION_CODE } from "../../src/lib/demo-seed"
import { canonical } from "../helpers/parity"

jest.setTimeout(180 * 1000)

// Parity of the lean POST /store/carts/:id/shipping-methods (decision 0232) with Medusa's
// addShippingMethodToCartWorkflow: two identical carts, one through the HTTP route (lean),
// one through the core workflow run directly followed by GET with the same fields.
const FIELDS =
  "*items,*items.adjustments,*items.tax_lines,*shipping_methods,*shipping_methods.adjustments," +
  "*shipping_methods.tax_lines,*promotions,*payment_collection,+total,+subtotal,+tax_total," +
  "+shipping_total,+shipping_subtotal,+shipping_tax_total,+discount_total,+item_total,+original_total"

const ID = /^[a-z]+(_[a-z]+)*_01[0-9A-Z]{24}$/
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise)
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = normalise(v)
    return out
  }
  if (typeof value === "string" && ID.test(value)) return value.replace(/_01[0-9A-Z]{24}$/, "_<id>")
  if (typeof value === "string" && DATE.test(value)) return "<date>"
  return value
}

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let demo: Demo
    let variants: Awaited<ReturnType<typeof findVariants>>
    const events: { name: string; data: unknown }[] = []
    // Only the lean workflow asks the promotion module for automatic promotions this way,
    // so the calls tell whether the lean path ran or the request went to the core handler.
    const automaticLookups: unknown[] = []
    // Lookups made by the shipping-method request alone (the cart set-up's lean routes look too).
    let leanLookups = 0

    beforeAll(async () => {
      demo = await seedForTests(getContainer())
      variants = await findVariants(getContainer())
      const bus = getContainer().resolve(Modules.EVENT_BUS)
      const emit = bus.emit.bind(bus)
      jest.spyOn(bus, "emit").mockImplementation(async (data: any, options?: any) => {
        for (const e of Array.isArray(data) ? data : [data]) {
          events.push({ name: e.name ?? e.eventName, data: e.data })
        }
        return emit(data, options)
      })
      const promotions = getContainer().resolve(Modules.PROMOTION)
      const list = promotions.listPromotions.bind(promotions)
      jest.spyOn(promotions, "listPromotions").mockImplementation(async (...args: any[]) => {
        if (args[0]?.is_automatic === true && args[1]?.take === 1) automaticLookups.push(args[0])
        return list(...args)
      })
    })

    const headers = () => demo.storeHeaders

    type Setup = {
      items?: number
      promoCode?: string
      paymentCollection?: boolean
      first?: "standard" | "express"
      region?: "eur" | "usd"
    }

    async function makeCart(s: Setup) {
      const region = demo.regions[s.region ?? "eur"]
      const { cart } = (await api.post("/store/carts", { region_id: region }, headers())).data
      for (let i = 0; i < (s.items ?? 1); i++) {
        await api.post(
          `/store/carts/${cart.id}/line-items`,
          { variant_id: variants.inStock[i].id, quantity: i + 1 },
          headers()
        )
      }
      const addr = s.region === "usd" ? { ...address, country_code: "us" } : address
      await api.post(
        `/store/carts/${cart.id}`,
        { email: "lean@example.com", shipping_address: addr, billing_address: addr },
        headers()
      )
      const options = (await api.get(`/store/shipping-options?cart_id=${cart.id}`, headers())).data
        .shipping_options as { id: string; name: string }[]
      if (s.first) {
        const first = options.find((o) => o.name.toLowerCase().startsWith(s.first!))!
        await api.post(
          `/store/carts/${cart.id}/shipping-methods`,
          { option_id: first.id },
          headers()
        )
      }
      // After the first method: a shipping-only code with no method to discount is dropped.
      if (s.promoCode) {
        await api.post(
          `/store/carts/${cart.id}/promotions`,
          { promo_codes: [s.promoCode] },
          headers()
        )
      }
      if (s.paymentCollection) {
        const pc = await api.post("/store/payment-collections", { cart_id: cart.id }, headers())
        await api.post(
          `/store/payment-collections/${pc.data.payment_collection.id}/payment-sessions`,
          { provider_id: "pp_system_default" },
          headers()
        )
      }
      return { id: cart.id as string, options }
    }

    function pick(options: { id: string; name: string }[], name: string) {
      return options.find((o) => o.name.toLowerCase().startsWith(name))!.id
    }

    /** Runs the same change on two identical carts: lean HTTP vs the core workflow. */
    async function compare(s: Setup, option: string, body?: (id: string) => unknown) {
      const lean = await makeCart(s)
      const core = await makeCart(s)
      events.length = 0
      automaticLookups.length = 0
      const leanRes = await api.post(
        `/store/carts/${lean.id}/shipping-methods?fields=${FIELDS}`,
        body ? body(pick(lean.options, option)) : { option_id: pick(lean.options, option) },
        headers()
      )
      leanLookups = automaticLookups.length
      const leanEvents = normalise(events.splice(0))
      await addShippingMethodToCartWorkflow(getContainer()).run({
        input: { cart_id: core.id, options: [{ id: pick(core.options, option) }] },
      })
      const coreEvents = normalise(events.splice(0))
      const coreRes = await api.get(`/store/carts/${core.id}?fields=${FIELDS}`, headers())
      expect(leanRes.status).toBe(200)
      expect(canonical(normalise(leanRes.data.cart))).toEqual(
        canonical(normalise(coreRes.data.cart))
      )
      // Medusa runs the removal and the insertion in parallel: their events' order varies.
      expect(canonical(leanEvents)).toEqual(canonical(coreEvents))
      expect(leanEvents).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: "cart.updated" })])
      )
      return leanRes.data.cart
    }

    it("adds a flat-rate method to a one-item cart (taxes, tax-exclusive region)", async () => {
      const cart = await compare({}, "standard")
      expect(leanLookups).toBe(1) // the lean path ran, once
      expect(cart.shipping_methods).toHaveLength(1)
      expect(cart.shipping_methods[0].amount).toBe(5)
      expect(cart.shipping_methods[0].tax_lines).toHaveLength(1)
      expect(cart.shipping_tax_total).toBe(1)
    })

    it("adds a method in a region with a 0% rate (usd)", async () => {
      await compare({ region: "usd" }, "express")
    })

    it("replaces the existing shipping method, two items", async () => {
      const cart = await compare({ items: 2, first: "standard" }, "express")
      expect(cart.shipping_methods).toHaveLength(1)
      expect(cart.shipping_methods[0].amount).toBe(15)
    })

    it("re-adds the same option", async () => {
      await compare({ first: "express" }, "express")
    })

    it("updates an existing payment collection's amount", async () => {
      const cart = await compare({ paymentCollection: true, first: "standard" }, "express")
      expect(cart.payment_collection.amount).toBe(cart.total)
    })

    it("keeps an order promotion code and its adjustments", async () => {
      const cart = await compare({ promoCode: DEMO_PROMOTION_CODE, items: 2 }, "standard")
      expect(cart.promotions.map((p: { code: string }) => p.code)).toEqual([DEMO_PROMOTION_CODE])
    })

    it("applies a promotion code on shipping, with a payment collection", async () => {
      await createPromotionsWorkflow(getContainer()).run({
        input: {
          promotionsData: [
            {
              code: "SHIPHALF",
              type: "standard",
              status: "active",
              is_automatic: false,
              application_method: {
                type: "percentage",
                target_type: "shipping_methods",
                allocation: "each",
                max_quantity: 1,
                value: 50,
                currency_code: "eur",
              },
            },
          ],
        },
      })
      const cart = await compare(
        { promoCode: "SHIPHALF", first: "standard", paymentCollection: true },
        "express"
      )
      expect(cart.shipping_methods[0].adjustments).toHaveLength(1)
      expect(cart.shipping_methods[0].adjustments[0].amount).toBe(7.5)
    })

    it("answers an unknown option id with the core route's 4xx", async () => {
      const a = await makeCart({})
      const b = await makeCart({})
      const lean = await failing(
        api.post(`/store/carts/${a.id}/shipping-methods`, { option_id: "so_nope" }, headers())
      )
      const coreError = await addShippingMethodToCartWorkflow(getContainer())
        .run({ input: { cart_id: b.id, options: [{ id: "so_nope" }] }, throwOnError: false })
        .then((r) => r.errors[0]?.error)
      expect(lean.status).toBe(400)
      expect(lean.data.message).toBe(coreError.message)
      expect(lean.data.type).toBe("invalid_data")
      const after = await api.get(`/store/carts/${a.id}?fields=*shipping_methods`, headers())
      expect(after.data.cart.shipping_methods).toHaveLength(0)
    })

    it("refuses a completed cart the same way", async () => {
      const a = await makeCart({ first: "standard", paymentCollection: true })
      await api.post(`/store/carts/${a.id}/complete`, {}, headers())
      const lean = await failing(
        api.post(
          `/store/carts/${a.id}/shipping-methods`,
          { option_id: pick(a.options, "express") },
          headers()
        )
      )
      const coreError = await addShippingMethodToCartWorkflow(getContainer())
        .run({
          input: { cart_id: a.id, options: [{ id: pick(a.options, "express") }] },
          throwOnError: false,
        })
        .then((r) => r.errors[0]?.error)
      expect(lean.status).toBeGreaterThanOrEqual(400)
      expect(lean.status).toBeLessThan(500)
      expect(lean.data.message).toBe(coreError.message)
    })

    it("prices a flat option whose price has a rule on the cart total like Medusa", async () => {
      const fulfillment = getContainer().resolve(Modules.FULFILLMENT)
      const [so] = await fulfillment.listShippingOptions(
        { name: "Standard Shipping (Europe)" },
        { select: ["service_zone_id", "shipping_profile_id"] }
      )
      const region = demo.regions.eur
      await createShippingOptionsWorkflow(getContainer()).run({
        input: [
          {
            name: "Tiered Shipping (Europe)",
            price_type: "flat",
            provider_id: "manual_manual",
            service_zone_id: so.service_zone_id,
            shipping_profile_id: so.shipping_profile_id,
            type: { label: "Tiered", description: "Cheaper above 100", code: "tiered" },
            prices: [
              { currency_code: "eur", amount: 9 },
              {
                currency_code: "eur",
                amount: 3,
                rules: [{ attribute: "item_total", operator: "gte", value: 100 }],
              },
              {
                region_id: region,
                amount: 8,
                rules: [{ attribute: "total", operator: "gte", value: 1 }],
              },
            ],
            rules: [
              { attribute: "enabled_in_store", value: "true", operator: "eq" },
              { attribute: "is_return", value: "false", operator: "eq" },
            ],
          },
        ],
      })
      await compare({ items: 2 }, "tiered")
      await compare({ items: 1, first: "standard" }, "tiered")
    })

    it("applies an automatic shipping promotion (no code on the cart)", async () => {
      await createPromotionsWorkflow(getContainer()).run({
        input: {
          promotionsData: [
            {
              code: "AUTOSHIP",
              type: "standard",
              status: "active",
              is_automatic: true,
              application_method: {
                type: "fixed",
                target_type: "shipping_methods",
                allocation: "each",
                max_quantity: 1,
                value: 2,
                currency_code: "eur",
              },
            },
          ],
        },
      })
      const cart = await compare({ first: "standard", paymentCollection: true }, "express")
      expect(cart.promotions.map((p: { code: string }) => p.code)).toEqual(["AUTOSHIP"])
      expect(cart.shipping_methods[0].adjustments[0].amount).toBe(2)
    })

    it("prices and taxes a method in a tax-inclusive region like Medusa", async () => {
      const pricing = getContainer().resolve(Modules.PRICING)
      // Medusa created the region's preference (tax-exclusive); switch it for this test.
      const [preference] = await pricing.listPricePreferences({
        attribute: "region_id",
        value: demo.regions.eur,
      })
      await pricing.updatePricePreferences({ id: preference.id }, { is_tax_inclusive: true })
      try {
        const cart = await compare(
          { items: 2, first: "standard", paymentCollection: true },
          "express"
        )
        expect(cart.shipping_methods[0].is_tax_inclusive).toBe(true)
        expect(cart.shipping_methods[0].tax_lines).toHaveLength(1)
      } finally {
        await pricing.updatePricePreferences(
          { id: preference.id },
          { is_tax_inclusive: preference.is_tax_inclusive }
        )
      }
    })

    it("hands arrays of options and additional_data to the core handler", async () => {
      await compare({ first: "standard" }, "express", (id) => [{ option_id: id }])
      await compare({}, "express", (id) => ({ option_id: id, additional_data: { note: "x" } }))
    })

    it("delegates to the core handler once a hook handler is registered", async () => {
      const seen: string[] = []
      addShippingMethodToCartWorkflow.hooks.validate(({ cart }) => {
        seen.push(cart.id)
      })
      const cart = await compare({}, "standard")
      expect(leanLookups).toBe(0) // the core handler answered
      // The handler ran for the HTTP (lean route, delegated) and the direct core run.
      expect(seen).toHaveLength(2)
      expect(seen[0]).toBe(cart.id)
    })
  },
})
