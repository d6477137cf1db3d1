import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { logger } from "@medusajs/framework/logger"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import Stripe from "stripe"
import { type Demo, findVariants, seedForTests } from "../helpers/fixtures"
import {
  cartWithStripeSession,
  sleep,
  STRIPE_TEST_KEY,
  STRIPE_TEST_WEBHOOK_SECRET,
  toSmallestUnit,
  useStripeLocal,
  waitFor,
  WEBHOOK_DELAY_MS,
} from "../helpers/stripe"

jest.setTimeout(600 * 1000)

// Automatic capture: the money moves when the customer confirms.
const stripe = useStripeLocal({ STRIPE_CAPTURE: "automatic" })

/** Luhn-valid runs of 14-19 digits (spaces or dashes allowed between them): card numbers. */
function findCardNumbers(text: string): string[] {
  const found: string[] = []
  for (const match of text.matchAll(/\d(?:[ -]?\d){13,18}/g)) {
    const digits = match[0].replace(/[ -]/g, "")
    let sum = 0
    for (let i = 0; i < digits.length; i++) {
      let d = Number(digits[digits.length - 1 - i])
      if (i % 2 === 1) {
        d *= 2
        if (d > 9) d -= 9
      }
      sum += d
    }
    if (sum % 10 === 0) found.push(match[0])
  }
  return found
}

/**
 * Everything the process prints until restore() is called: process streams, console
 * methods, and the streams behind Jest's console, which winston (Medusa's logger)
 * writes to directly through `console._stdout` / `console._stderr`.
 */
function captureOutput() {
  const chunks: string[] = []
  // Node's Console keeps its streams in these (undocumented) fields.
  const jestConsole = console as Console & {
    _stdout?: NodeJS.WriteStream
    _stderr?: NodeJS.WriteStream
  }
  const streams = [process.stdout, process.stderr, jestConsole._stdout, jestConsole._stderr].filter(
    (s, i, all): s is NodeJS.WriteStream =>
      !!s && typeof s.write === "function" && all.indexOf(s) === i
  )
  const originals = streams.map((stream) => {
    const write = stream.write
    stream.write = (chunk: any, ...rest: any[]) => {
      chunks.push(String(chunk))
      return write.call(stream, chunk, ...rest)
    }
    return () => (stream.write = write)
  })
  const spies = (["log", "info", "warn", "error", "debug"] as const).map((m) =>
    jest.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      chunks.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "))
    })
  )
  return {
    text: () => chunks.join("\n"),
    restore() {
      originals.forEach((undo) => undo())
      spies.forEach((s) => s.mockRestore())
    },
  }
}

medusaIntegrationTestRunner({
  inApp: true,
  env: stripe.env,
  testSuite: ({ api, getContainer }) => {
    let demo: Demo
    let variantId: string

    beforeAll(async () => {
      demo = await seedForTests(getContainer())
      variantId = (await findVariants(getContainer())).inStock[0].id
      stripe.connectWebhooks(api)
    })

    const intent = (id: string) => stripe.local.paymentIntents.get(id)!

    async function ordersForCart(cartId: string) {
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph({
        entity: "order_cart",
        fields: ["order_id"],
        filters: { cart_id: cartId },
      })
      return data.map((row: any) => row.order_id as string)
    }

    async function orderPayment(orderId: string) {
      const res = await api.get(
        `/admin/orders/${orderId}?fields=id,total,payment_status,*payment_collections,*payment_collections.payments,*payment_collections.payments.captures`,
        demo.adminHeaders
      )
      return { order: res.data.order, payments: res.data.order.payment_collections[0].payments }
    }

    const confirm = (id: string, clientSecret: string, pm: string) =>
      stripe.browser().paymentIntents.confirm(id, {
        payment_method: pm,
        client_secret: clientSecret,
      } as Stripe.PaymentIntentConfirmParams)

    it("charges the order total at checkout, and the logs hold no card numbers or secret keys", async () => {
      expect(findCardNumbers("paid with 4242 4242 4242 4242 at 1795671738")).toHaveLength(1)
      const output = captureOutput()
      logger.setLogLevel("debug")
      let log: string
      try {
        getContainer().resolve(ContainerRegistrationKeys.LOGGER).info("payments-log-capture-marker")
        const s = await cartWithStripeSession(api, demo, variantId, { currency: "usd" })
        // A declined attempt first, so error paths are in the logs too.
        const declined = await confirm(s.paymentIntentId, s.clientSecret, "pm_card_chargeDeclined")
          .then(() => undefined)
          .catch((e) => e)
        expect(declined?.code).toBe("card_declined")
        await confirm(s.paymentIntentId, s.clientSecret, "pm_card_visa")
        const done = await api.post(`/store/carts/${s.cart.id}/complete`, {}, demo.storeHeaders)
        expect(done.data.type).toBe("order")

        const { order, payments } = await orderPayment(done.data.order.id)
        expect(order.payment_status).toBe("captured")
        expect(payments).toHaveLength(1)
        expect(payments[0].captured_at).toBeTruthy()
        expect(intent(s.paymentIntentId)).toMatchObject({
          status: "succeeded",
          capture_method: "automatic",
          amount_received: toSmallestUnit(order.total),
        })
        await sleep(WEBHOOK_DELAY_MS + 1000)
      } finally {
        logger.setLogLevel(process.env.LOG_LEVEL || "error")
        log = output.text()
        output.restore()
      }
      expect(log).toContain("payments-log-capture-marker")
      expect(log).toMatch(/\/store\/carts\/\S+\/complete/)
      expect(findCardNumbers(log)).toEqual([])
      expect(log).not.toContain(STRIPE_TEST_KEY)
      expect(log).not.toContain(STRIPE_TEST_WEBHOOK_SECRET)
      expect(log).not.toMatch(/sk_(test|live)_[0-9A-Za-z]{6,}/)
      expect(log).not.toMatch(/whsec_[0-9A-Za-z_]{6,}/)
    })

    it("creates the order once, captured once, from payment_intent.succeeded when the storefront never completes", async () => {
      const s = await cartWithStripeSession(api, demo, variantId, { currency: "eur" })
      await confirm(s.paymentIntentId, s.clientSecret, "pm_card_visa")
      const [orderId] = await waitFor(async () => {
        const ids = await ordersForCart(s.cart.id)
        return ids.length ? ids : undefined
      }, "the webhook to complete the cart")
      const paid = await waitFor(async () => {
        const p = await orderPayment(orderId)
        return p.order.payment_status === "captured" ? p : undefined
      }, "the payment to be captured")
      expect(paid.payments).toHaveLength(1)
      expect(paid.payments[0].captures).toHaveLength(1)
      expect(toSmallestUnit(paid.order.total)).toBe(intent(s.paymentIntentId).amount_received)

      const [genuine] = stripe.deliveriesFor(s.paymentIntentId, "payment_intent.succeeded")
      expect(genuine.status).toBe(200)
      const replay = await api.post("/hooks/payment/stripe_stripe", genuine.payload, {
        headers: { "content-type": "application/json", "stripe-signature": genuine.signature },
      })
      expect(replay.data.duplicate).toBe(true)
      await sleep(WEBHOOK_DELAY_MS + 1500)
      expect(await ordersForCart(s.cart.id)).toEqual([orderId])
      const after = await orderPayment(orderId)
      expect(after.payments).toHaveLength(1)
      expect(after.payments[0].captures).toHaveLength(1)
      const charges = [...stripe.local.charges.values()].filter(
        (c) => c.payment_intent === s.paymentIntentId
      )
      expect(charges).toHaveLength(1)
    })
  },
})
