import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createPromotionsWorkflow, updateCartWorkflow } from "@medusajs/medusa/core-flows"
import {
  address,
  type Demo,
  failing,
  findVariants,
  registerCustomer,
  seedForTests,
} from "../helpers/fixtures"
import { DEMO_PROMOTION_CODE } from "../../src/lib/demo-seed"
import { canonical } from "../helpers/parity"

jest.setTimeout(300 * 1000)

// Parity of the lean POST /store/carts/:id (decision 0234) with Medusa's updateCartWorkflow:
// two identical carts, one through the HTTP route (lean), one through the core workflow run
// directly followed by GET with the same fields; same JSON (ids, dates, the lean/core e-mail
// prefix normalised), same events.
const FIELDS =
  "*items,*items.adjustments,*items.tax_lines,*shipping_methods,*shipping_methods.adjustments," +
  "*shipping_methods.tax_lines,*promotions,*payment_collection,*shipping_address,*billing_address," +
  "+customer_id,+email,+total,+subtotal,+tax_total,+shipping_total,+shipping_tax_total," +
  "+discount_total,+item_total,+original_total"

const ID = /^[a-z]+(_[a-z]+)*_01[0-9A-Z]{24}$/
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/
const WHO = /^(lean|core)-/

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise)
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = normalise(v)
    return out
  }
  if (typeof value === "string" && ID.test(value)) return value.replace(/_01[0-9A-Z]{24}$/, "_<id>")
  if (typeof value === "string" && DATE.test(value)) return "<date>"
  if (typeof value === "string" && WHO.test(value)) return value.replace(WHO, "<who>-")
  return value
}

type Body = {
  email?: string
  shipping_address?: Record<string, string>
  billing_address?: Record<string, string>
}

const germany = { ...address, city: "Berlin", country_code: "de", postal_code: "10115" }

medusaIntegrationTestRunner({
  inApp: true,
  env: { RATE_LIMIT_STORE_POINTS: "1000000", RATE_LIMIT_AUTH_POINTS: "1000000" },
  testSuite: ({ api, getContainer }) => {
    let demo: Demo
    let variants: Awaited<ReturnType<typeof findVariants>>
    const events: { name: string; data: unknown }[] = []
    let seq = 0

    beforeAll(async () => {
      demo = await seedForTests(getContainer())
      variants = await findVariants(getContainer())
      // Two tax regions with different rates: moving the cart NL -> DE changes its tax lines.
      const tax = getContainer().resolve(Modules.TAX)
      const [de] = await tax.listTaxRates({ code: "std-de" })
      await tax.updateTaxRates(de.id, { rate: 19 })
      const bus = getContainer().resolve(Modules.EVENT_BUS)
      const emit = bus.emit.bind(bus)
      jest.spyOn(bus, "emit").mockImplementation(async (data: any, options?: any) => {
        for (const e of Array.isArray(data) ? data : [data]) {
          events.push({ name: e.name ?? e.eventName, data: e.data })
        }
        return emit(data, options)
      })
    })

    const headers = () => demo.storeHeaders

    type Setup = {
      items?: number
      before?: Body
      promoCode?: string
      shippingMethod?: boolean
      paymentCollection?: boolean
      stalePrice?: boolean
    }

    /** A cart as a storefront builds it; `who` keeps the two carts' guest e-mails apart. */
    async function makeCart(s: Setup, who: "lean" | "core") {
      const { cart } = (await api.post("/store/carts", { region_id: demo.regions.eur }, headers()))
        .data
      for (let i = 0; i < (s.items ?? 1); i++) {
        await api.post(
          `/store/carts/${cart.id}/line-items`,
          { variant_id: variants.inStock[i].id, quantity: i + 1 },
          headers()
        )
      }
      if (s.before) {
        const before = { ...s.before }
        if (before.email) before.email = `${who}-${before.email}`
        await api.post(`/store/carts/${cart.id}`, before, headers())
      }
      if (s.promoCode) {
        await api.post(
          `/store/carts/${cart.id}/promotions`,
          { promo_codes: [s.promoCode] },
          headers()
        )
      }
      if (s.shippingMethod) {
        const options = (await api.get(`/store/shipping-options?cart_id=${cart.id}`, headers()))
          .data.shipping_options as { id: string; name: string }[]
        const standard = options.find((o) => o.name.startsWith("Standard"))!
        await api.post(
          `/store/carts/${cart.id}/shipping-methods`,
          { option_id: standard.id },
          headers()
        )
      }
      if (s.paymentCollection) {
        await api.post("/store/payment-collections", { cart_id: cart.id }, headers())
      }
      if (s.stalePrice) {
        // The catalog price differs from the item's: Medusa re-prices on an address change.
        const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
        const { data } = await query.graph({
          entity: "cart",
          fields: ["items.id"],
          filters: { id: cart.id },
        })
        const carts = getContainer().resolve(Modules.CART)
        await carts.updateLineItems(data[0].items[0]!.id, { unit_price: 1 })
      }
      return cart.id as string
    }

    function bodyFor(body: Body, who: "lean" | "core") {
      return body.email ? { ...body, email: `${who}-${body.email}` } : body
    }

    /** The same update on two identical carts: lean HTTP vs the core workflow + GET. */
    async function compare(s: Setup, body: Body) {
      const lean = await makeCart(s, "lean")
      const core = await makeCart(s, "core")
      events.length = 0
      const leanRes = await api.post(
        `/store/carts/${lean}?fields=${FIELDS}`,
        bodyFor(body, "lean"),
        headers()
      )
      const leanEvents = normalise(events.splice(0))
      await updateCartWorkflow(getContainer()).run({
        input: { ...bodyFor(body, "core"), id: core },
      })
      const coreEvents = normalise(events.splice(0))
      const coreRes = await api.get(`/store/carts/${core}?fields=${FIELDS}`, headers())
      expect(leanRes.status).toBe(200)
      expect(canonical(normalise(leanRes.data.cart))).toEqual(
        canonical(normalise(coreRes.data.cart))
      )
      // Medusa writes item and shipping tax lines in parallel: their events' order varies.
      expect(canonical(leanEvents)).toEqual(canonical(coreEvents))
      expect(leanEvents).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: "cart.updated" })])
      )
      return leanRes.data.cart
    }

    const email = () => `guest${++seq}@example.com`

    it("sets the e-mail only (a new guest customer)", async () => {
      const cart = await compare({}, { email: email() })
      expect(cart.customer_id).toBeTruthy()
      expect(events).toEqual([])
    })

    it("sets the addresses only (taxes appear)", async () => {
      const cart = await compare({}, { shipping_address: address, billing_address: address })
      expect(cart.items[0].tax_lines).toHaveLength(1)
      expect(cart.tax_total).toBeGreaterThan(0)
    })

    it("sets e-mail and addresses on a two-item cart (the checkout step)", async () => {
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const cartId = await makeCart({ items: 2 }, "lean")
      const stamps = async () =>
        (
          await query.graph({
            entity: "cart",
            fields: ["items.updated_at"],
            filters: { id: cartId },
          })
        ).data[0].items.map((i: { updated_at?: unknown } | null) => String(i?.updated_at))
      const before = await stamps()
      await api.post(
        `/store/carts/${cartId}`,
        { email: `lean-${email()}`, shipping_address: address, billing_address: address },
        headers()
      )
      // The lean path ran: it did not rewrite the items (Medusa re-prices them, same prices).
      expect(await stamps()).toEqual(before)
      await compare(
        { items: 2 },
        { email: email(), shipping_address: address, billing_address: address }
      )
    })

    it("moves the address to another tax region (NL 20% -> DE 19%)", async () => {
      const cart = await compare(
        { items: 2, before: { email: email(), shipping_address: address } },
        { shipping_address: germany, billing_address: germany }
      )
      expect(cart.items[0].tax_lines[0].rate).toBe(19)
    })

    it("resends the same address (no tax refresh) and a changed non-tax field", async () => {
      await compare(
        { before: { email: email(), shipping_address: address } },
        { shipping_address: { ...address, address_1: "Prinsengracht 2" } }
      )
    })

    it("changes the address of a cart with a shipping method", async () => {
      const cart = await compare(
        { before: { email: email(), shipping_address: address }, shippingMethod: true },
        { shipping_address: germany, billing_address: germany }
      )
      expect(cart.shipping_methods).toHaveLength(1)
      expect(cart.shipping_methods[0].tax_lines[0].rate).toBe(19)
    })

    it("changes the address of a cart with a payment collection (same amount as core)", async () => {
      const cart = await compare(
        {
          before: { email: email(), shipping_address: address },
          shippingMethod: true,
          paymentCollection: true,
        },
        { shipping_address: germany }
      )
      expect(cart.payment_collection).toBeTruthy()
    })

    it("keeps a promotion code's adjustments on an address change", async () => {
      const cart = await compare(
        {
          items: 2,
          before: { email: email(), shipping_address: address },
          promoCode: DEMO_PROMOTION_CODE,
        },
        { shipping_address: germany }
      )
      expect(cart.promotions.map((p: { code: string }) => p.code)).toEqual([DEMO_PROMOTION_CODE])
    })

    it("re-prices like Medusa when an item's price is stale", async () => {
      const cart = await compare(
        { stalePrice: true },
        { email: email(), shipping_address: address, billing_address: address }
      )
      expect(cart.items[0].unit_price).not.toBe(1)
    })

    it("keeps a guest cart a guest cart for a registered customer's e-mail (as today)", async () => {
      const alice = await registerCustomer(api, headers().headers)
      const lean = await makeCart({}, "lean")
      const res = await api.post(
        `/store/carts/${lean}?fields=${FIELDS}`,
        { email: alice.email, shipping_address: address },
        headers()
      )
      expect(res.status).toBe(200)
      expect(res.data.cart.customer_id).toBeTruthy()
      expect(res.data.cart.customer_id).not.toBe(alice.customer.id)
      expect(res.data.cart.email).toBe(alice.email)
      const core = await makeCart({}, "core")
      await updateCartWorkflow(getContainer()).run({
        input: { id: core, email: alice.email, shipping_address: address },
      })
      const coreRes = await api.get(`/store/carts/${core}?fields=${FIELDS}`, headers())
      expect(coreRes.data.cart.customer_id).toBe(res.data.cart.customer_id)
      expect(canonical(normalise(res.data.cart))).toEqual(
        canonical(normalise({ ...coreRes.data.cart, id: res.data.cart.id }))
      )
    })

    it("rejects a country outside the region with Medusa's 400", async () => {
      const cartId = await makeCart({}, "lean")
      const us = { ...address, country_code: "us" }
      const res = await failing(
        api.post(`/store/carts/${cartId}`, { email: email(), shipping_address: us }, headers())
      )
      const core = await makeCart({}, "core")
      const error = await updateCartWorkflow(getContainer())
        .run({ input: { id: core, shipping_address: us } })
        .then(
          () => undefined,
          (e: Error) => e
        )
      expect(res.status).toBe(400)
      expect(res.data.message).toBe(error?.message)
      const after = await api.get(
        `/store/carts/${cartId}?fields=+email,*shipping_address`,
        headers()
      )
      expect(after.data.cart.email).toBeNull()
      expect(after.data.cart.shipping_address).toBeNull()
    })

    it("rejects a completed cart, a bad e-mail and an unknown cart like Medusa", async () => {
      const completed = await makeCart({}, "lean")
      await getContainer()
        .resolve(Modules.CART)
        .updateCarts(completed, { completed_at: new Date() })
      const done = await failing(
        api.post(`/store/carts/${completed}`, { shipping_address: address }, headers())
      )
      expect(done.status).toBe(400)
      expect(done.data.message).toBe(`Cart ${completed} is already completed.`)
      const bad = await failing(api.post(`/store/carts/${completed}`, { email: "nope" }, headers()))
      expect(bad.status).toBe(400)
      const missing = await failing(
        api.post("/store/carts/cart_missing", { email: email() }, headers())
      )
      expect(missing.status).toBe(404)
    })

    it("applies an automatic promotion for the new country (last: it applies to every cart)", async () => {
      await createPromotionsWorkflow(getContainer()).run({
        input: {
          promotionsData: [
            {
              code: "AUTO5",
              type: "standard",
              status: "active",
              is_automatic: true,
              application_method: {
                type: "percentage",
                target_type: "items",
                allocation: "each",
                max_quantity: 10,
                value: 5,
                currency_code: "eur",
              },
              rules: [
                { attribute: "shipping_address.country_code", operator: "eq", values: ["de"] },
              ],
            },
          ],
        },
      })
      const cart = await compare(
        { items: 2, before: { email: email(), shipping_address: address } },
        { shipping_address: germany, billing_address: germany }
      )
      expect(cart.promotions.map((p: { code: string }) => p.code)).toContain("AUTO5")
    })
  },
})
