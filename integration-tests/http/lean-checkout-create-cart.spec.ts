import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createCartWorkflow } from "@medusajs/medusa/core-flows"
import { Modules } from "@medusajs/framework/utils"
import { Client } from "pg"
import {
  type Demo,
  failing,
  findVariants,
  registerCustomer,
  seedForTests,
} from "../helpers/fixtures"
import { DEMO_PROMOTION_CODE } from "../../src/lib/demo-seed"
import { normaliseIds as normalise } from "../helpers/parity"

jest.setTimeout(600 * 1000)

type Headers = { headers: Record<string, string> }
type Recorded = { name: string; data: unknown }

// The audit log records HTTP writes of logged-in customers, whichever handler serves them;
// the workflow run directly has no request to audit.
const byName = (events: Recorded[]) =>
  events.filter((e) => !e.name.startsWith("audit.")).sort((a, b) => a.name.localeCompare(b.name))

medusaIntegrationTestRunner({
  inApp: true,
  env: { RATE_LIMIT_STORE_POINTS: "1000000", RATE_LIMIT_AUTH_POINTS: "1000000" },
  testSuite: ({ api, getContainer }) => {
    let demo: Demo
    let variants: Awaited<ReturnType<typeof findVariants>>
    let events: Recorded[] = []
    let seq = 0

    beforeAll(async () => {
      demo = await seedForTests(getContainer())
      variants = await findVariants(getContainer())
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

    async function createHttp(body: Record<string, unknown>, headers: Headers) {
      events = []
      try {
        const res = await api.post("/store/carts", body, headers)
        return { status: res.status, body: res.data, events }
      } catch (e) {
        const res = await failing(Promise.reject(e))
        return { status: res.status, body: res.data, events }
      }
    }

    async function createCore(input: Record<string, unknown>, headers: Headers) {
      events = []
      try {
        const { result } = await createCartWorkflow(getContainer()).run({ input: input as never })
        const res = await api.get(`/store/carts/${result.id}`, headers)
        return { status: res.status, body: res.data, events }
      } catch (e) {
        const err = e as { type?: string; message?: string }
        return { status: "error", body: { type: err.type, message: err.message }, events }
      }
    }

    /**
     * The same body through the route (lean) and through Medusa's workflow with the input
     * Medusa's route builds (the publishable key's sales channel, the logged-in customer).
     */
    async function parity(
      body: (n: number) => Record<string, unknown>,
      opts: { headers?: Headers; customerId?: string } = {}
    ) {
      const headers = opts.headers ?? store()
      const n = ++seq
      const lean = await createHttp(body(n), headers)
      const core = await createCore(
        {
          sales_channel_id: demo.salesChannelId,
          ...body(n + 1000),
          ...(opts.customerId ? { customer_id: opts.customerId } : {}),
        },
        headers
      )
      if (core.status === "error") {
        expect(lean.status).toBeGreaterThanOrEqual(400)
        expect(lean.status).toBeLessThan(500)
        expect({ type: lean.body.type, message: lean.body.message }).toEqual(core.body)
      } else {
        expect(lean.status).toBe(200)
        const strip = (b: unknown) => JSON.parse(JSON.stringify(b).replace(/guest\d+@/g, "guest@"))
        expect(normalise(strip(lean.body))).toEqual(normalise(strip(core.body)))
        expect(normalise(strip(byName(lean.events)))).toEqual(normalise(strip(byName(core.events))))
      }
      return lean
    }

    it("a region only, no region (the default), an e-mail (a guest customer), a currency", async () => {
      const one = await parity(() => ({ region_id: demo.regions.eur }))
      expect(one.events.map((e) => e.name)).toContain("cart.created")
      await parity(() => ({}))
      const guest = await parity((n) => ({
        region_id: demo.regions.usd,
        email: `guest${n}@example.com`,
      }))
      expect(guest.body.cart.customer_id).toBeTruthy()
      await parity(() => ({ region_id: demo.regions.eur, currency_code: "eur", locale: "en-US" }))
      await parity(() => ({
        region_id: demo.regions.eur,
        shipping_address: { country_code: "de", city: "Berlin" },
        metadata: { source: "test" },
      }))
    })

    it("a logged-in customer", async () => {
      const shopper = await registerCustomer(api, store().headers)
      const cart = await parity(() => ({ region_id: demo.regions.eur }), {
        headers: shopper.headers,
        customerId: shopper.customer.id,
      })
      expect(cart.body.cart.customer_id).toBe(shopper.customer.id)
    })

    it("items and promotion codes (Medusa's own handler)", async () => {
      await parity(() => ({
        region_id: demo.regions.eur,
        items: [{ variant_id: variants.inStock[0].id, quantity: 2 }],
      }))
      await parity(() => ({ region_id: demo.regions.eur, promo_codes: [DEMO_PROMOTION_CODE] }))
    })

    it("errors: an unknown region, a currency that is not the region's", async () => {
      await parity(() => ({ region_id: "reg_01JZZZZZZZZZZZZZZZZZZZZZZZ" }))
      await parity(() => ({ region_id: demo.regions.eur, currency_code: "usd" }))
    })

    it("issues fewer SQL statements than Medusa's workflow for an empty cart", async () => {
      const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown }
      const query = proto.query
      let count = 0
      proto.query = function (this: unknown, ...args: unknown[]) {
        count++
        return query.apply(this, args)
      }
      const engine = getContainer().resolve(Modules.WORKFLOW_ENGINE)
      const measure = async (workflowId: string) => {
        count = 0
        await engine.run(workflowId, {
          input: { region_id: demo.regions.eur, sales_channel_id: demo.salesChannelId },
        })
        return count
      }
      try {
        const counts = { lean: [] as number[], core: [] as number[] }
        for (let round = 0; round < 3; round++) {
          counts.lean.push(await measure("lean-create-cart"))
          counts.core.push(await measure("create-cart"))
        }
        console.log(`SQL statements per create cart (lean vs core): ${JSON.stringify(counts)}`)
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
        expect(median(counts.lean)).toBeLessThan(median(counts.core))
      } finally {
        proto.query = query
      }
    })
  },
})
