import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import Stripe from "stripe"
import { signWebhookPayload } from "../../tools/stripe-local/server"
import { EMAIL_VERIFICATION_MODULE } from "@commerce-api/plugin/modules/email-verification"
import type { EmailVerificationModuleService } from "@commerce-api/plugin/modules/email-verification"
import {
  address,
  type Demo,
  failing,
  findVariants,
  registerCustomer,
  seedForTests,
} from "../helpers/fixtures"
import {
  cartWithStripeSession,
  sleep,
  STRIPE_PROVIDER,
  STRIPE_TEST_WEBHOOK_SECRET,
  toSmallestUnit,
  useStripeLocal,
  waitFor,
  WEBHOOK_DELAY_MS,
} from "../helpers/stripe"

jest.setTimeout(600 * 1000)

// Manual capture: checkout authorizes, the admin captures and refunds.
const stripe = useStripeLocal({ STRIPE_CAPTURE: "manual" })

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

    const store = () => demo.storeHeaders
    const admin = () => demo.adminHeaders
    const intent = (id: string) => stripe.local.paymentIntents.get(id)!

    async function ordersForCart(cartId: string) {
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph({
        entity: "order_cart",
        fields: ["order_id", "cart_id"],
        filters: { cart_id: cartId },
      })
      return data.map((row: any) => row.order_id as string)
    }

    async function adminOrder(orderId: string) {
      const res = await api.get(
        `/admin/orders/${orderId}?fields=id,currency_code,total,payment_status,*payment_collections,*payment_collections.payments,*payment_collections.payments.captures,*payment_collections.payments.refunds`,
        admin()
      )
      const order = res.data.order
      return { order, payment: order.payment_collections[0].payments[0] }
    }

    async function confirmInBrowser(paymentIntentId: string, clientSecret: string, pm: string) {
      return stripe.browser().paymentIntents.confirm(paymentIntentId, {
        payment_method: pm,
        client_secret: clientSecret,
      } as Stripe.PaymentIntentConfirmParams)
    }

    async function paidOrder(currency: "eur" | "usd") {
      const s = await cartWithStripeSession(api, demo, variantId, { currency })
      await confirmInBrowser(s.paymentIntentId, s.clientSecret, "pm_card_visa")
      const done = await api.post(`/store/carts/${s.cart.id}/complete`, {}, store())
      expect(done.data.type).toBe("order")
      return { ...s, order: done.data.order }
    }

    describe("checkout", () => {
      it("places EUR and USD orders (PaymentIntent = order total in the smallest unit, authorized) and captures them in full", async () => {
        for (const currency of ["eur", "usd"] as const) {
          const s = await cartWithStripeSession(api, demo, variantId, { currency })
          // The API hands the storefront only the intent id and its client secret.
          expect(s.paymentIntentId).toMatch(/^pi_/)
          expect(s.clientSecret).toMatch(new RegExp(`^${s.paymentIntentId}_secret_`))
          expect(intent(s.paymentIntentId)).toMatchObject({
            status: "requires_payment_method",
            capture_method: "manual",
            currency,
            amount: toSmallestUnit(s.cart.total),
            metadata: { session_id: s.session.id },
          })

          const confirmed = await confirmInBrowser(
            s.paymentIntentId,
            s.clientSecret,
            "pm_card_visa"
          )
          expect(confirmed.status).toBe("requires_capture")

          const done = await api.post(`/store/carts/${s.cart.id}/complete`, {}, store())
          expect(done.data.type).toBe("order")
          const { order, payment } = await adminOrder(done.data.order.id)
          expect(order.currency_code).toBe(currency)
          expect(order.payment_status).toBe("authorized")
          expect(payment.provider_id).toBe(STRIPE_PROVIDER)
          expect(payment.data.id).toBe(s.paymentIntentId)
          expect(payment.captured_at).toBeNull()
          const pi = intent(s.paymentIntentId)
          expect(pi.amount).toBe(toSmallestUnit(order.total))
          expect(pi.amount_capturable).toBe(toSmallestUnit(order.total))
          expect(pi.amount_received).toBe(0)

          // The admin captures the whole authorization.
          await api.post(`/admin/payments/${payment.id}/capture`, {}, admin())
          expect(intent(s.paymentIntentId)).toMatchObject({
            status: "succeeded",
            amount_received: toSmallestUnit(order.total),
          })
          expect((await adminOrder(order.id)).order.payment_status).toBe("captured")
        }
      })

      it("does not complete the cart after a declined card; a retry with a good card succeeds", async () => {
        const s = await cartWithStripeSession(api, demo, variantId)
        const declined: any = await confirmInBrowser(
          s.paymentIntentId,
          s.clientSecret,
          "pm_card_chargeDeclined"
        ).catch((e) => e)
        expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError)
        expect(declined.code).toBe("card_declined")

        expect(await ordersForCart(s.cart.id)).toEqual([])

        // A storefront that calls complete anyway gets a clear 400 and no order.
        const attempt = await failing(api.post(`/store/carts/${s.cart.id}/complete`, {}, store()))
        expect(attempt.status).toBe(400)
        // Before the decline's webhook is processed the session is "not authorized"; after it,
        // Medusa has dropped the failed session. Either way: a message and no order.
        expect(attempt.data.message).toMatch(/not authorized|payment sessions are required/i)
        expect(await ordersForCart(s.cart.id)).toEqual([])

        // Medusa marks that session as failed: the retry starts a new one (a new PaymentIntent).
        const again = await api.post(
          `/store/payment-collections/${s.paymentCollectionId}/payment-sessions`,
          { provider_id: STRIPE_PROVIDER },
          store()
        )
        const retrySession = again.data.payment_collection.payment_sessions.find(
          (x: any) => x.provider_id === STRIPE_PROVIDER
        )
        expect(retrySession.data.id).not.toBe(s.paymentIntentId)
        await confirmInBrowser(
          retrySession.data.id,
          retrySession.data.client_secret,
          "pm_card_visa"
        )
        const retry = await api.post(`/store/carts/${s.cart.id}/complete`, {}, store())
        expect(retry.data.type).toBe("order")
        expect((await adminOrder(retry.data.order.id)).order.payment_status).toBe("authorized")
        const chargesOf = (pi: string) =>
          [...stripe.local.charges.values()].filter((c) => c.payment_intent === pi)
        expect(chargesOf(s.paymentIntentId).map((c) => c.status)).toEqual(["failed"])
        expect(chargesOf(retrySession.data.id).map((c) => c.status)).toEqual(["succeeded"])
      })

      it("keeps a 3-D Secure payment pending until the customer completes the action", async () => {
        const s = await cartWithStripeSession(api, demo, variantId)
        const pi = await confirmInBrowser(
          s.paymentIntentId,
          s.clientSecret,
          "pm_card_authenticationRequired"
        )
        expect(pi.status).toBe("requires_action")

        const early = await api
          .post(`/store/carts/${s.cart.id}/complete`, {}, store())
          .catch((e: any) => e.response)
        expect(early.data.type).not.toBe("order")
        expect(await ordersForCart(s.cart.id)).toEqual([])

        // What Stripe.js does when the customer passes the 3-D Secure challenge.
        const action = await fetch(`${stripe.local.url}/local/3ds/${s.paymentIntentId}/complete`, {
          method: "POST",
          body: new URLSearchParams({ client_secret: s.clientSecret }),
        })
        expect(action.status).toBe(200)
        const done = await api.post(`/store/carts/${s.cart.id}/complete`, {}, store())
        expect(done.data.type).toBe("order")
      })

      it("places one order and one charge when the same complete request is sent twice at once", async () => {
        const s = await cartWithStripeSession(api, demo, variantId)
        await confirmInBrowser(s.paymentIntentId, s.clientSecret, "pm_card_visa")
        const results = await Promise.all(
          [0, 1].map(() =>
            api
              .post(`/store/carts/${s.cart.id}/complete`, {}, store())
              .catch((e: any) => e.response)
          )
        )
        const orderIds = new Set(
          results.filter((r) => r.data?.type === "order").map((r) => r.data.order.id)
        )
        expect(orderIds.size).toBe(1)
        for (const r of results) expect([200, 409]).toContain(r.status)
        expect(await ordersForCart(s.cart.id)).toEqual([...orderIds])
        const charges = [...stripe.local.charges.values()].filter(
          (c) => c.payment_intent === s.paymentIntentId
        )
        expect(charges).toHaveLength(1)
        const { order } = await adminOrder([...orderIds][0])
        expect(order.payment_collections[0].payments).toHaveLength(1)
        expect(intent(s.paymentIntentId).status).toBe("requires_capture")
      })
    })

    describe("admin capture and refund", () => {
      it("captures part (Stripe releases the rest), refunds part then the rest, and rejects an over-refund", async () => {
        const { order, paymentIntentId } = await paidOrder("eur")
        const { payment } = await adminOrder(order.id)
        expect(order.total).toBeGreaterThan(20)

        await api.post(`/admin/payments/${payment.id}/capture`, { amount: 20 }, admin())
        const pi = intent(paymentIntentId)
        expect(pi.status).toBe("succeeded")
        expect(pi.amount_received).toBe(2000)
        const charge = stripe.local.charges.get(pi.latest_charge)!
        expect(charge.amount_captured).toBe(2000)

        // The released remainder cannot be captured any more: a clear 4xx, nothing recorded.
        const more = await failing(
          api.post(`/admin/payments/${payment.id}/capture`, { amount: 1 }, admin())
        )
        expect(more.status).toBe(400)
        expect(more.data.message).toMatch(/released/)
        expect((await adminOrder(order.id)).payment.captures).toHaveLength(1)

        await api.post(`/admin/payments/${payment.id}/refund`, { amount: 7.5 }, admin())
        expect(charge.amount_refunded).toBe(750)
        await api.post(`/admin/payments/${payment.id}/refund`, { amount: 12.5 }, admin())
        expect(charge.amount_refunded).toBe(2000)
        expect(charge.refunded).toBe(true)

        const refundsBefore = [...stripe.local.refunds.values()].length
        const over = await failing(
          api.post(`/admin/payments/${payment.id}/refund`, { amount: 1 }, admin())
        )
        expect(over.status).toBe(400)
        expect(over.data.message).toMatch(/refund more than/i)
        expect([...stripe.local.refunds.values()].length).toBe(refundsBefore)
        expect((await adminOrder(order.id)).payment.refunds).toHaveLength(2)
      })
    })

    describe("webhooks", () => {
      it("creates the order once from the webhook when the storefront never calls complete", async () => {
        const s = await cartWithStripeSession(api, demo, variantId)
        await confirmInBrowser(s.paymentIntentId, s.clientSecret, "pm_card_visa")
        const orders = await waitFor(async () => {
          const ids = await ordersForCart(s.cart.id)
          return ids.length ? ids : undefined
        }, "the webhook to complete the cart")
        expect(orders).toHaveLength(1)
        await waitFor(
          async () => (await adminOrder(orders[0])).order.payment_status === "authorized",
          "the order's payment to be authorized"
        )

        // Replaying the genuine, still-valid delivery is acknowledged but changes nothing.
        const [genuine] = stripe.deliveriesFor(
          s.paymentIntentId,
          "payment_intent.amount_capturable_updated"
        )
        expect(genuine.status).toBe(200)
        const replay = await api.post("/hooks/payment/stripe_stripe", genuine.payload, {
          headers: { "content-type": "application/json", "stripe-signature": genuine.signature },
        })
        expect(replay.status).toBe(200)
        expect(replay.data.duplicate).toBe(true)
        await sleep(WEBHOOK_DELAY_MS + 1500)
        expect(await ordersForCart(s.cart.id)).toEqual(orders)
        expect((await adminOrder(orders[0])).order.payment_collections[0].payments).toHaveLength(1)
      })

      it("places no order from the webhook for an unverified customer (REQUIRE_VERIFIED_EMAIL_FOR_CHECKOUT); after verifying, the same authorization completes the cart", async () => {
        process.env.REQUIRE_VERIFIED_EMAIL_FOR_CHECKOUT = "true"
        const logger = getContainer().resolve(ContainerRegistrationKeys.LOGGER)
        const warn = jest.spyOn(logger, "warn")
        try {
          const c = await registerCustomer(api, store().headers)
          // The registered customer's own cart, built as the storefront does, paid with Stripe.js.
          const h = c.headers
          const cart = (await api.post("/store/carts", { region_id: demo.regions.eur }, h)).data
            .cart
          expect(cart.customer_id).toBe(c.customer.id)
          await api.post(
            `/store/carts/${cart.id}/line-items`,
            { variant_id: variantId, quantity: 1 },
            h
          )
          await api.post(
            `/store/carts/${cart.id}`,
            { shipping_address: address, billing_address: address },
            h
          )
          const options = await api.get(`/store/shipping-options?cart_id=${cart.id}`, h)
          const standard = options.data.shipping_options.find((o: any) =>
            o.name.startsWith("Standard")
          )
          await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: standard.id }, h)
          const pc = await api.post("/store/payment-collections", { cart_id: cart.id }, h)
          const withSession = await api.post(
            `/store/payment-collections/${pc.data.payment_collection.id}/payment-sessions`,
            { provider_id: STRIPE_PROVIDER },
            h
          )
          const session = withSession.data.payment_collection.payment_sessions[0]
          const piId = session.data.id as string
          await confirmInBrowser(piId, session.data.client_secret, "pm_card_visa")

          // The webhook arrives and Medusa tries to complete the cart: the rule refuses, logged.
          await waitFor(
            async () =>
              warn.mock.calls.some((args) =>
                String(args[0]).includes(`Cart ${cart.id} not completed`)
              ),
            "the refused completion to be logged"
          )
          expect(
            stripe.deliveriesFor(piId, "payment_intent.amount_capturable_updated")[0].status
          ).toBe(200)
          expect(await ordersForCart(cart.id)).toEqual([])
          const after = await api.get(`/store/carts/${cart.id}`, h)
          expect(after.data.cart.completed_at).toBeFalsy()
          // Nothing was captured: the authorization is kept for the shopper's next attempt.
          expect(intent(piId)).toMatchObject({ status: "requires_capture", amount_received: 0 })

          // The storefront's own complete call gets the documented 403.
          const blocked = await failing(api.post(`/store/carts/${cart.id}/complete`, {}, h))
          expect(blocked.status).toBe(403)
          expect(blocked.data.message).toMatch(/Verify your e-mail address/)
          expect(await ordersForCart(cart.id)).toEqual([])

          // The shopper verifies and completes: one order, on the same PaymentIntent, one charge.
          const verifications =
            getContainer().resolve<EmailVerificationModuleService>(EMAIL_VERIFICATION_MODULE)
          await waitFor(() => verifications.findByCustomer(c.customer.id), "the registration token")
          const { token } = await verifications.issueToken(c.customer.id, c.email)
          await api.post("/store/customers/me/verify-email", { token }, h)
          const done = await api.post(`/store/carts/${cart.id}/complete`, {}, h)
          expect(done.data.type).toBe("order")
          const { order, payment } = await adminOrder(done.data.order.id)
          expect(order.payment_status).toBe("authorized")
          expect(payment.data.id).toBe(piId)
          const charges = [...stripe.local.charges.values()].filter(
            (x) => x.payment_intent === piId
          )
          expect(charges).toHaveLength(1)
        } finally {
          warn.mockRestore()
          delete process.env.REQUIRE_VERIFIED_EMAIL_FOR_CHECKOUT
        }
      })

      it("rejects forged, tampered and stale signatures with 400 and changes nothing", async () => {
        // Hold back the local server's own deliveries so only the requests below reach the API.
        const endpoints = stripe.local.webhookEndpoints.splice(0)
        try {
          const s = await cartWithStripeSession(api, demo, variantId)
          await confirmInBrowser(s.paymentIntentId, s.clientSecret, "pm_card_visa")
          const event = stripe.local.events.find(
            (e) =>
              e.type === "payment_intent.amount_capturable_updated" &&
              e.data.object.id === s.paymentIntentId
          )!
          const payload = JSON.stringify(event)
          const post = (body: string, signature?: string) =>
            api
              .post("/hooks/payment/stripe_stripe", body, {
                headers: {
                  "content-type": "application/json",
                  ...(signature ? { "stripe-signature": signature } : {}),
                },
              })
              .catch((e: any) => e.response)

          const forged = await post(payload, signWebhookPayload(payload, "whsec_attacker"))
          expect(forged.status).toBe(400)
          expect(forged.data.message).toMatch(/signature verification failed/)

          const good = signWebhookPayload(payload, STRIPE_TEST_WEBHOOK_SECRET)
          const tampered = await post(payload.replace(/"amount": ?\d+/, '"amount": 1'), good)
          expect(tampered.status).toBe(400)

          const unsigned = await post(payload)
          expect(unsigned.status).toBe(400)

          const staleTime = Math.floor(Date.now() / 1000) - 301 - 60
          const stale = await post(
            payload,
            signWebhookPayload(payload, STRIPE_TEST_WEBHOOK_SECRET, staleTime)
          )
          expect(stale.status).toBe(400)
          expect(stale.data.message).toMatch(/tolerance/)

          await sleep(WEBHOOK_DELAY_MS + 1500)
          expect(await ordersForCart(s.cart.id)).toEqual([])
          const cart = await api.get(`/store/carts/${s.cart.id}`, store())
          expect(cart.data.cart.completed_at).toBeFalsy()

          // The same event, correctly signed now, is what does complete the cart.
          const accepted = await post(
            payload,
            signWebhookPayload(payload, STRIPE_TEST_WEBHOOK_SECRET)
          )
          expect(accepted.status).toBe(200)
          await waitFor(async () => (await ordersForCart(s.cart.id)).length === 1, "the order")
        } finally {
          stripe.local.webhookEndpoints.push(...endpoints)
        }
      })
    })
  },
})
