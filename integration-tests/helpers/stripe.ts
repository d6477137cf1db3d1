import Stripe from "stripe"
import {
  startStripeLocal,
  type StripeLocalServer,
  type WebhookDelivery,
} from "../../tools/stripe-local/server"
import type { Api, Demo } from "./fixtures"

export const STRIPE_TEST_KEY = "sk_test_commerce_api_http_suite_0123456789"
export const STRIPE_TEST_WEBHOOK_SECRET = "whsec_commerce_api_http_suite_secret"
export const STRIPE_PROVIDER = "pp_stripe_stripe"
/** How long Medusa waits before processing a received webhook in these suites. */
export const WEBHOOK_DELAY_MS = 1500

/**
 * Starts the Stripe-compatible local server before Medusa boots (call at the top level of a
 * test file, before medusaIntegrationTestRunner) and returns the env to hand to the runner.
 */
export function useStripeLocal(extraEnv: Record<string, string> = {}) {
  const env: Record<string, string> = {
    STRIPE_API_KEY: STRIPE_TEST_KEY,
    STRIPE_WEBHOOK_SECRET: STRIPE_TEST_WEBHOOK_SECRET,
    PAYMENT_WEBHOOK_DELAY_MS: String(WEBHOOK_DELAY_MS),
    PAYMENT_WEBHOOK_RETRIES: "2",
    ...extraEnv,
  }
  const ctx = {
    env,
    local: undefined as unknown as StripeLocalServer,
    /** Points webhooks at the booted app; call from the suite's beforeAll. */
    connectWebhooks(api: Api) {
      ctx.local.addWebhookEndpoint({
        url: `${api.defaults?.baseURL}/hooks/payment/stripe_stripe`,
        secret: STRIPE_TEST_WEBHOOK_SECRET,
      })
    },
    /** The storefront's Stripe.js stand-in: a publishable key, confirming with the client secret. */
    browser() {
      const url = new URL(ctx.local.url)
      return new Stripe("pk_test_storefront", {
        host: url.hostname,
        port: Number(url.port),
        protocol: "http",
        maxNetworkRetries: 0,
      })
    },
    deliveriesFor(piId: string, type?: string): WebhookDelivery[] {
      return ctx.local.deliveries.filter(
        (d) => (!type || d.type === type) && JSON.parse(d.payload).data.object.id === piId
      )
    },
  }
  const previous: Record<string, string | undefined> = {}
  beforeAll(async () => {
    ctx.local = await startStripeLocal({ webhookRetries: 2 })
    env.STRIPE_API_BASE = ctx.local.url
    // The runner loads medusa-config before applying its `env`, so set these up front too.
    for (const [k, v] of Object.entries(env)) {
      previous[k] = process.env[k]
      process.env[k] = v
    }
  })
  afterAll(async () => {
    await ctx.local?.close()
    for (const [k, v] of Object.entries(previous)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  })
  return ctx
}

const addresses = {
  eur: {
    first_name: "Ada",
    last_name: "Lovelace",
    address_1: "Keizersgracht 1",
    city: "Amsterdam",
    country_code: "nl",
    postal_code: "1015",
  },
  usd: {
    first_name: "Grace",
    last_name: "Hopper",
    address_1: "1 Main St",
    city: "New York",
    country_code: "us",
    province: "us-ny",
    postal_code: "10001",
  },
}

/** A cart with items, addresses and shipping, and a Stripe payment session: ready to pay. */
export async function cartWithStripeSession(
  api: Api,
  demo: Demo,
  variantId: string,
  opts: { currency?: "eur" | "usd"; quantity?: number; email?: string } = {}
) {
  const currency = opts.currency ?? "eur"
  const headers = demo.storeHeaders
  const created = await api.post("/store/carts", { region_id: demo.regions[currency] }, headers)
  const cart = created.data.cart
  await api.post(
    `/store/carts/${cart.id}/line-items`,
    { variant_id: variantId, quantity: opts.quantity ?? 2 },
    headers
  )
  await api.post(
    `/store/carts/${cart.id}`,
    {
      email: opts.email ?? "stripe-buyer@example.com",
      shipping_address: addresses[currency],
      billing_address: addresses[currency],
    },
    headers
  )
  const options = await api.get(`/store/shipping-options?cart_id=${cart.id}`, headers)
  const standard = options.data.shipping_options.find((o: any) => o.name.startsWith("Standard"))
  await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: standard.id }, headers)
  const pc = await api.post("/store/payment-collections", { cart_id: cart.id }, headers)
  const withSession = await api.post(
    `/store/payment-collections/${pc.data.payment_collection.id}/payment-sessions`,
    { provider_id: STRIPE_PROVIDER },
    headers
  )
  const session = withSession.data.payment_collection.payment_sessions.find(
    (s: any) => s.provider_id === STRIPE_PROVIDER
  )
  const refreshed = await api.get(`/store/carts/${cart.id}`, headers)
  return {
    cart: refreshed.data.cart,
    paymentCollectionId: pc.data.payment_collection.id as string,
    session,
    paymentIntentId: session.data.id as string,
    clientSecret: session.data.client_secret as string,
  }
}

/** Stripe's smallest currency unit for the demo currencies (both two-decimal). */
export const toSmallestUnit = (amount: number) => Math.round(amount * 100)

export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 90000
): Promise<T> {
  const started = Date.now()
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
