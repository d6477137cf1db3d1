import { paymentsModules } from "@commerce-api/plugin/config/payments"
import { readSettings } from "@commerce-api/plugin/lib/settings"
import { stripeHostConfig } from "@commerce-api/plugin/providers/stripe-payment"

describe("payments module config", () => {
  const settings = readSettings({})

  it("registers nothing without STRIPE_API_KEY", () => {
    expect(paymentsModules(settings, {})).toEqual([])
  })

  it("registers our Stripe provider as pp_stripe_stripe with options from the environment", () => {
    const [payment] = paymentsModules(settings, {
      STRIPE_API_KEY: "sk_test_x",
      STRIPE_WEBHOOK_SECRET: "whsec_x",
      STRIPE_CAPTURE: "automatic",
      STRIPE_API_BASE: "http://127.0.0.1:12111",
      PAYMENT_WEBHOOK_DELAY_MS: "250",
    }) as any[]
    expect(payment.resolve).toBe("@medusajs/medusa/payment")
    expect(payment.options.webhook_delay).toBe(250)
    expect(payment.options).not.toHaveProperty("webhook_retries")
    expect(payment.options.providers).toEqual([
      {
        resolve: "./src/modules/stripe-payment",
        id: "stripe",
        options: {
          apiKey: "sk_test_x",
          webhookSecret: "whsec_x",
          capture: true,
          automaticPaymentMethods: false,
          apiBase: "http://127.0.0.1:12111",
        },
      },
    ])
    const [manual] = paymentsModules(settings, { STRIPE_API_KEY: "sk_test_x" }) as any[]
    expect(manual.options.providers[0].options.capture).toBe(false)
  })

  it("refuses invalid values", () => {
    expect(() =>
      paymentsModules(settings, { STRIPE_API_KEY: "k", STRIPE_CAPTURE: "later" })
    ).toThrow(/STRIPE_CAPTURE/)
    expect(() =>
      paymentsModules(settings, { STRIPE_API_KEY: "k", PAYMENT_WEBHOOK_DELAY_MS: "-1" })
    ).toThrow(/PAYMENT_WEBHOOK_DELAY_MS/)
  })

  it("turns STRIPE_API_BASE into the Stripe client's host settings", () => {
    expect(stripeHostConfig(undefined)).toBeUndefined()
    expect(stripeHostConfig("http://127.0.0.1:12111")).toEqual({
      host: "127.0.0.1",
      port: 12111,
      protocol: "http",
    })
    expect(stripeHostConfig("https://stripe.internal")).toEqual({
      host: "stripe.internal",
      port: 443,
      protocol: "https",
    })
    expect(() => stripeHostConfig("ftp://x")).toThrow(/http/)
  })
})
