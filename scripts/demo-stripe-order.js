#!/usr/bin/env node
/**
 * Places one Stripe-paid order in the running demo store with plain HTTP calls,
 * the way a storefront and Stripe.js would:
 *
 *   STRIPE_WEBHOOK_SECRET=whsec_local_dev_only npm run stripe:local      # terminal 1
 *   STRIPE_API_KEY=sk_test_local STRIPE_WEBHOOK_SECRET=whsec_local_dev_only \
 *     STRIPE_API_BASE=http://127.0.0.1:12111 npm start                   # terminal 2
 *   npm run demo:stripe-order                                           # terminal 3
 *
 * Reads the API address and publishable key from .data/demo.json; STRIPE_API_BASE
 * (default http://127.0.0.1:12111) is where the PaymentIntent is confirmed.
 */
const fs = require("node:fs")
const path = require("node:path")
const { URLSearchParams } = require("node:url")

const demo = JSON.parse(fs.readFileSync(path.join(__dirname, "..", ".data", "demo.json"), "utf8"))
const api = process.env.API_URL || demo.baseUrl
const stripeBase = (process.env.STRIPE_API_BASE || "http://127.0.0.1:12111").replace(/\/$/, "")
const card = process.env.CARD || "pm_card_visa"

async function store(method, url, body) {
  const res = await fetch(api + url, {
    method,
    headers: { "content-type": "application/json", "x-publishable-api-key": demo.publishableKey },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const data = await res.json()
  console.log(`${method} ${url} -> ${res.status}`)
  if (res.status >= 400) throw new Error(JSON.stringify(data))
  return data
}

async function main() {
  const { regions } = await store("GET", "/store/regions")
  const region = regions.find((r) => r.currency_code === "eur") || regions[0]
  const { products } = await store(
    "GET",
    `/store/products?limit=10&region_id=${region.id}&fields=*variants,+variants.inventory_quantity`
  )
  const variant = products.flatMap((p) => p.variants).find((v) => v.inventory_quantity > 0)
  const { cart } = await store("POST", "/store/carts", { region_id: region.id })
  await store("POST", `/store/carts/${cart.id}/line-items`, { variant_id: variant.id, quantity: 1 })
  const address = {
    first_name: "Ada",
    last_name: "Lovelace",
    address_1: "Keizersgracht 1",
    city: "Amsterdam",
    country_code: "nl",
    postal_code: "1015",
  }
  await store("POST", `/store/carts/${cart.id}`, {
    email: "ada@example.com",
    shipping_address: address,
    billing_address: address,
  })
  const { shipping_options } = await store("GET", `/store/shipping-options?cart_id=${cart.id}`)
  await store("POST", `/store/carts/${cart.id}/shipping-methods`, {
    option_id: shipping_options[0].id,
  })
  const { payment_collection } = await store("POST", "/store/payment-collections", {
    cart_id: cart.id,
  })
  const session = await store(
    "POST",
    `/store/payment-collections/${payment_collection.id}/payment-sessions`,
    { provider_id: "pp_stripe_stripe" }
  )
  const stripeSession = session.payment_collection.payment_sessions.find(
    (s) => s.provider_id === "pp_stripe_stripe"
  )
  const { id: intentId, client_secret } = stripeSession.data

  // What Stripe.js does in the browser: confirm with the publishable key and the client secret.
  const confirm = await fetch(`${stripeBase}/v1/payment_intents/${intentId}/confirm`, {
    method: "POST",
    headers: {
      authorization: "Basic " + Buffer.from("pk_test_demo:").toString("base64"),
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ payment_method: card, client_secret }),
  })
  const intent = await confirm.json()
  console.log(
    `POST ${stripeBase}/v1/payment_intents/${intentId}/confirm -> ${confirm.status} (${intent.status ?? intent.error?.code})`
  )
  if (confirm.status >= 400) {
    throw new Error(`Stripe refused the payment: ${intent.error?.code} (${intent.error?.message})`)
  }

  const done = await store("POST", `/store/carts/${cart.id}/complete`)
  if (done.type !== "order") throw new Error(`cart not completed: ${JSON.stringify(done)}`)
  console.log(
    `\norder ${done.order.id} (#${done.order.display_id}) placed: ${done.order.total} ${done.order.currency_code.toUpperCase()}, PaymentIntent ${intentId} ${intent.status}, ${intent.amount} in the smallest unit`
  )
}

main().catch((e) => {
  console.error(`demo order failed: ${e.message}`)
  process.exit(1)
})
