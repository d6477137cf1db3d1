import http from "http"
import type { AddressInfo } from "net"
import Stripe from "stripe"
import { parseForm } from "../../tools/stripe-local/form"
import { cliOptions } from "../../tools/stripe-local/cli"
import {
  signWebhookPayload,
  startStripeLocal,
  type StripeLocalServer,
} from "../../tools/stripe-local/server"

jest.setTimeout(30 * 1000)

const SECRET_KEY = "sk_test_local_unit_123456789"
const WEBHOOK_SECRET = "whsec_unit_test_secret"

/** Collects webhook requests exactly as they arrive. */
function webhookReceiver() {
  const received: { body: string; signature: string }[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (c) => chunks.push(c))
    req.on("end", () => {
      received.push({
        body: Buffer.concat(chunks).toString("utf8"),
        signature: String(req.headers["stripe-signature"]),
      })
      res.statusCode = 200
      res.end("{}")
    })
  })
  return {
    received,
    async listen() {
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

function client(local: StripeLocalServer, key = SECRET_KEY) {
  const url = new URL(local.url)
  return new Stripe(key, {
    host: url.hostname,
    port: Number(url.port),
    protocol: "http",
    maxNetworkRetries: 0,
  })
}

async function stripeError(promise: Promise<unknown>): Promise<any> {
  try {
    await promise
  } catch (e) {
    return e
  }
  throw new Error("expected a Stripe error")
}

describe("Stripe-compatible local server (real stripe SDK)", () => {
  let local: StripeLocalServer
  let stripe: Stripe
  const receiver = webhookReceiver()

  beforeAll(async () => {
    const hookUrl = await receiver.listen()
    local = await startStripeLocal({
      webhooks: [{ url: hookUrl, secret: WEBHOOK_SECRET }],
      webhookRetries: 0,
    })
    stripe = client(local)
  })

  afterAll(async () => {
    await local.close()
    await receiver.close()
  })

  it("decodes nested form bodies as the SDK encodes them", () => {
    expect(
      parseForm("a=1&metadata[x]=y%20z&expand[0]=p&expand[1]=q&list[]=u&list[]=v&d[e][f]=g+h")
    ).toEqual({
      a: "1",
      metadata: { x: "y z" },
      expand: ["p", "q"],
      list: ["u", "v"],
      d: { e: { f: "g h" } },
    })
  })

  it("creates, retrieves and updates a PaymentIntent with metadata and expansion", async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 2599,
      currency: "EUR",
      capture_method: "manual",
      metadata: { session_id: "payses_1", note: "x" },
    })
    expect(pi).toMatchObject({
      object: "payment_intent",
      amount: 2599,
      currency: "eur",
      status: "requires_payment_method",
      metadata: { session_id: "payses_1", note: "x" },
    })
    expect(pi.client_secret).toMatch(new RegExp(`^${pi.id}_secret_`))
    const updated = await stripe.paymentIntents.update(pi.id, {
      amount: 3000,
      metadata: { note: "" },
    })
    expect(updated.amount).toBe(3000)
    expect(updated.metadata).toEqual({ session_id: "payses_1" })
    const withPm = await stripe.paymentIntents.update(pi.id, { payment_method: "pm_card_visa" })
    expect(withPm.status).toBe("requires_confirmation")
    const fetched = await stripe.paymentIntents.retrieve(pi.id, { expand: ["payment_method"] })
    expect((fetched.payment_method as Stripe.PaymentMethod).card?.last4).toBe("4242")
  })

  it("handles zero-decimal currencies and rejects bad amounts with Stripe-shaped errors", async () => {
    const yen = await stripe.paymentIntents.create({
      amount: 500,
      currency: "jpy",
      payment_method: "pm_card_visa",
      confirm: true,
    })
    expect(yen).toMatchObject({ status: "succeeded", amount_received: 500, currency: "jpy" })

    const tooSmall = await stripeError(
      stripe.paymentIntents.create({ amount: 10, currency: "usd" })
    )
    expect(tooSmall).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect(tooSmall).toMatchObject({ statusCode: 400, code: "amount_too_small", param: "amount" })

    const fractional = await stripeError(
      stripe.paymentIntents.create({ amount: 10.5, currency: "usd" })
    )
    expect(fractional.param).toBe("amount")

    const unknown = await stripeError(
      // Deliberately outside the SDK's parameter type: the server must refuse it.
      stripe.paymentIntents.create({
        amount: 1000,
        currency: "usd",
        foo: "bar",
      } as Stripe.PaymentIntentCreateParams)
    )
    expect(unknown.message).toBe("Received unknown parameter: foo")

    const missing = await stripeError(stripe.paymentIntents.retrieve("pi_nope"))
    expect(missing).toMatchObject({ statusCode: 404, code: "resource_missing" })

    const rawCard = await stripeError(
      stripe.paymentIntents.create({
        amount: 1000,
        currency: "usd",
        // A raw card number, which the SDK's types (rightly) do not allow.
        payment_method_data: {
          type: "card",
          card: { number: "4242424242424242" },
        } as unknown as Stripe.PaymentIntentCreateParams.PaymentMethodData,
      })
    )
    expect(rawCard.message).toMatch(/card numbers directly/)
  })

  it("authorizes, partially captures (releasing the rest) and refuses a second capture", async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 10000,
      currency: "usd",
      capture_method: "manual",
    })
    const confirmed = await stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" })
    expect(confirmed).toMatchObject({ status: "requires_capture", amount_capturable: 10000 })

    const tooMuch = await stripeError(
      stripe.paymentIntents.capture(pi.id, { amount_to_capture: 10001 })
    )
    expect(tooMuch.param).toBe("amount_to_capture")

    const captured = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 6000 })
    expect(captured).toMatchObject({
      status: "succeeded",
      amount_received: 6000,
      amount_capturable: 0,
    })
    const charge = await stripe.charges.retrieve(captured.latest_charge as string)
    expect(charge).toMatchObject({ captured: true, amount_captured: 6000, amount: 10000 })

    const again = await stripeError(stripe.paymentIntents.capture(pi.id))
    expect(again.code).toBe("payment_intent_unexpected_state")
    expect(again.payment_intent.status).toBe("succeeded")

    const cancel = await stripeError(stripe.paymentIntents.cancel(pi.id))
    expect(cancel.code).toBe("payment_intent_unexpected_state")
  })

  it("declines pm_card_chargeDeclined with a card_error and accepts a retry with a good card", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 4200, currency: "eur" })
    const declined = await stripeError(
      stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_chargeDeclined" })
    )
    expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError)
    expect(declined).toMatchObject({
      statusCode: 402,
      type: "StripeCardError",
      code: "card_declined",
      decline_code: "generic_decline",
    })
    expect(declined.payment_intent.id).toBe(pi.id)
    const after = await stripe.paymentIntents.retrieve(pi.id)
    expect(after.status).toBe("requires_payment_method")
    expect(after.last_payment_error?.code).toBe("card_declined")

    const retried = await stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" })
    expect(retried.status).toBe("succeeded")
    expect(retried.last_payment_error).toBeNull()
    const charges = await stripe.charges.list({ payment_intent: pi.id })
    expect(charges.data.map((c) => c.status).sort()).toEqual(["failed", "succeeded"])
  })

  it("requires 3-D Secure for pm_card_authenticationRequired until the action is completed", async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 5000,
      currency: "eur",
      capture_method: "manual",
      payment_method: "pm_card_authenticationRequired",
      confirm: true,
    })
    expect(pi.status).toBe("requires_action")
    expect(pi.next_action?.type).toBe("redirect_to_url")
    const page = await fetch(pi.next_action!.redirect_to_url!.url!)
    expect(await page.text()).toMatch(/Complete authentication/)

    const wrongSecret = await fetch(`${local.url}/local/3ds/${pi.id}/complete`, {
      method: "POST",
      body: new URLSearchParams({ client_secret: "nope" }),
    })
    expect(wrongSecret.status).toBe(404)

    const done = await fetch(`${local.url}/local/3ds/${pi.id}/complete`, {
      method: "POST",
      body: new URLSearchParams({ client_secret: pi.client_secret! }),
    })
    expect(done.status).toBe(200)
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe("requires_capture")

    const other = await stripe.paymentIntents.create({
      amount: 5000,
      currency: "eur",
      payment_method: "pm_card_authenticationRequired",
      confirm: true,
    })
    await fetch(`${local.url}/local/3ds/${other.id}/fail`, {
      method: "POST",
      body: new URLSearchParams({ client_secret: other.client_secret! }),
    })
    const failed = await stripe.paymentIntents.retrieve(other.id)
    expect(failed.status).toBe("requires_payment_method")
    expect(failed.last_payment_error?.code).toBe("payment_intent_authentication_failure")
  })

  it("lets a publishable key confirm only with the client secret, as Stripe.js does", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1500, currency: "usd" })
    const browser = client(local, "pk_test_browser")
    const noSecret = await stripeError(
      browser.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" })
    )
    expect(noSecret.param).toBe("client_secret")
    const cannotCreate = await stripeError(
      browser.paymentIntents.create({ amount: 1500, currency: "usd" })
    )
    expect(cannotCreate.statusCode).toBe(403)
    const confirmed = await browser.paymentIntents.confirm(pi.id, {
      payment_method: "pm_card_visa",
      // Stripe.js sends the client secret; the server-side SDK's type has no field for it.
      client_secret: pi.client_secret,
    } as Stripe.PaymentIntentConfirmParams)
    expect(confirmed.status).toBe("succeeded")
  })

  it("refunds partially, then the rest, and rejects over-refunds", async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 8000,
      currency: "eur",
      payment_method: "pm_card_visa",
      confirm: true,
    })
    const partial = await stripe.refunds.create({ payment_intent: pi.id, amount: 3000 })
    expect(partial).toMatchObject({ object: "refund", amount: 3000, status: "succeeded" })
    const over = await stripeError(stripe.refunds.create({ payment_intent: pi.id, amount: 5001 }))
    expect(over).toMatchObject({ statusCode: 400, code: "amount_too_large", param: "amount" })
    expect(over.message).toMatch(/greater than unrefunded amount on charge \(50\.00 eur\)/)
    const rest = await stripe.refunds.create({ payment_intent: pi.id })
    expect(rest.amount).toBe(5000)
    const charge = await stripe.charges.retrieve(pi.latest_charge as string)
    expect(charge).toMatchObject({ refunded: true, amount_refunded: 8000 })
    const again = await stripeError(stripe.refunds.create({ payment_intent: pi.id, amount: 1 }))
    expect(again.code).toBe("charge_already_refunded")

    const uncaptured = await stripe.paymentIntents.create({
      amount: 8000,
      currency: "eur",
      capture_method: "manual",
      payment_method: "pm_card_visa",
      confirm: true,
    })
    const notYet = await stripeError(stripe.refunds.create({ payment_intent: uncaptured.id }))
    expect(notYet.code).toBe("charge_not_refundable")
    const canceled = await stripe.paymentIntents.cancel(uncaptured.id, {
      cancellation_reason: "requested_by_customer",
    })
    expect(canceled.status).toBe("canceled")
  })

  it("manages customers", async () => {
    const c = await stripe.customers.create({
      email: "ada@example.com",
      name: "Ada",
      address: { city: "Amsterdam", country: "NL" },
      metadata: { medusa_id: "cus_1" },
    })
    expect(c).toMatchObject({ object: "customer", email: "ada@example.com", name: "Ada" })
    expect(c.address?.city).toBe("Amsterdam")
    const u = await stripe.customers.update(c.id, { phone: "+31 20 000" })
    expect(u.phone).toBe("+31 20 000")
    const pi = await stripe.paymentIntents.create({ amount: 999, currency: "eur", customer: c.id })
    expect(pi.customer).toBe(c.id)
    const bad = await stripeError(
      stripe.paymentIntents.create({ amount: 999, currency: "eur", customer: "cus_missing" })
    )
    expect(bad.param).toBe("customer")
    expect((await stripe.customers.listPaymentMethods(c.id)).data).toEqual([])
    const del = await stripe.customers.del(c.id)
    expect(del.deleted).toBe(true)
    expect((await stripeError(stripe.customers.retrieve(c.id))).statusCode).toBe(404)
  })

  it("replays idempotent requests and rejects a reused key with other parameters", async () => {
    const key = `idem-${Date.now()}`
    const first = await stripe.paymentIntents.create(
      { amount: 1234, currency: "usd" },
      { idempotencyKey: key }
    )
    const second = await stripe.paymentIntents.create(
      { amount: 1234, currency: "usd" },
      { idempotencyKey: key }
    )
    expect(second.id).toBe(first.id)
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true")
    const conflict = await stripeError(
      stripe.paymentIntents.create({ amount: 4321, currency: "usd" }, { idempotencyKey: key })
    )
    expect(conflict).toBeInstanceOf(Stripe.errors.StripeIdempotencyError)
    expect(conflict.statusCode).toBe(400)
    // Errors are replayed too, without confirming a second time.
    const declineKey = `${key}-decline`
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "usd" })
    const e1 = await stripeError(
      stripe.paymentIntents.confirm(
        pi.id,
        { payment_method: "pm_card_chargeDeclined" },
        { idempotencyKey: declineKey }
      )
    )
    const e2 = await stripeError(
      stripe.paymentIntents.confirm(
        pi.id,
        { payment_method: "pm_card_chargeDeclined" },
        { idempotencyKey: declineKey }
      )
    )
    expect(e2.requestId).not.toBe(e1.requestId)
    expect(e2.charge).toBe(e1.charge)
    expect((await stripe.charges.list({ payment_intent: pi.id })).data).toHaveLength(1)
  })

  it("authenticates with Bearer secret keys only", async () => {
    const none = await fetch(`${local.url}/v1/customers`)
    expect(none.status).toBe(401)
    expect((await none.json()).error.type).toBe("invalid_request_error")
    const live = await stripeError(client(local, "sk_live_abcdefghijkl").customers.list())
    expect(live).toBeInstanceOf(Stripe.errors.StripeAuthenticationError)
    expect(live.message).not.toContain("abcdefghijkl")
    const bearer = await fetch(`${local.url}/v1/customers`, {
      headers: { authorization: `Bearer ${SECRET_KEY}` },
    })
    expect(bearer.status).toBe(200)
  })

  it("delivers signed webhooks that the SDK verifies, and a tampered one fails", async () => {
    receiver.received.length = 0
    const pi = await stripe.paymentIntents.create({
      amount: 7000,
      currency: "usd",
      capture_method: "manual",
      metadata: { session_id: "payses_hook" },
    })
    await stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" })
    await stripe.paymentIntents.capture(pi.id)
    await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 })
    const failing = await stripe.paymentIntents.create({ amount: 7000, currency: "usd" })
    await stripeError(
      stripe.paymentIntents.confirm(failing.id, { payment_method: "pm_card_chargeDeclined" })
    )
    await local.settleWebhooks()

    const events = receiver.received.map((r) =>
      stripe.webhooks.constructEvent(r.body, r.signature, WEBHOOK_SECRET)
    )
    const forPi = events
      .filter((e) => (e.data.object as { id?: string }).id === pi.id)
      .map((e) => e.type)
    expect(forPi).toEqual(
      expect.arrayContaining([
        "payment_intent.created",
        "payment_intent.amount_capturable_updated",
        "payment_intent.succeeded",
      ])
    )
    expect(events.find((e) => e.type === "charge.refunded")?.data.object).toMatchObject({
      payment_intent: pi.id,
      amount_refunded: 1000,
    })
    expect(
      events.find((e) => e.type === "payment_intent.payment_failed")?.data.object
    ).toMatchObject({ id: failing.id, status: "requires_payment_method" })

    const genuine = receiver.received[0]
    expect(genuine.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
    expect(() =>
      stripe.webhooks.constructEvent(
        genuine.body.replace('"livemode": false', '"livemode": true'),
        genuine.signature,
        WEBHOOK_SECRET
      )
    ).toThrow(Stripe.errors.StripeSignatureVerificationError)
    const stale = signWebhookPayload(
      genuine.body,
      WEBHOOK_SECRET,
      Math.floor(Date.now() / 1000) - 600
    )
    expect(() => stripe.webhooks.constructEvent(genuine.body, stale, WEBHOOK_SECRET)).toThrow(
      /tolerance/
    )
  })

  it("reads its CLI flags and environment", () => {
    const opts = cliOptions(["--port", "9999", "--webhook-url=none"], {
      STRIPE_WEBHOOK_SECRET: "whsec_x",
    })
    expect(opts).toMatchObject({ port: 9999, webhooks: [] })
    const defaults = cliOptions([], { STRIPE_WEBHOOK_SECRET: "whsec_x" })
    expect(defaults.port).toBe(12111)
    expect(defaults.webhooks).toEqual([
      { url: "http://localhost:9000/hooks/payment/stripe_stripe", secret: "whsec_x" },
    ])
    expect(() => cliOptions(["--nope", "1"], {})).toThrow(/Unknown flag/)
  })
})
