import type { Settings } from "../lib/settings"

type Env = Record<string, string | undefined>

function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === "") return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`)
  return n
}

/** Payment module options derived from the environment; undefined when Stripe is not configured. */
export function stripePaymentOptions(env: Env) {
  const apiKey = env.STRIPE_API_KEY
  if (!apiKey) return undefined
  const capture = env.STRIPE_CAPTURE || "manual"
  if (capture !== "automatic" && capture !== "manual") {
    throw new Error(`STRIPE_CAPTURE must be "automatic" or "manual", got "${capture}"`)
  }
  return {
    webhook_delay: positiveInt(env.PAYMENT_WEBHOOK_DELAY_MS, "PAYMENT_WEBHOOK_DELAY_MS"),
    webhook_retries: positiveInt(env.PAYMENT_WEBHOOK_RETRIES, "PAYMENT_WEBHOOK_RETRIES"),
    stripe: {
      apiKey,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET || undefined,
      capture: capture === "automatic",
      automaticPaymentMethods: env.STRIPE_AUTOMATIC_PAYMENT_METHODS === "true",
      apiBase: env.STRIPE_API_BASE || undefined,
    },
  }
}

/** Module registrations owned by the payments feature. */
export function paymentsModules(
  _settings: Settings,
  env: Env = process.env
): Record<string, unknown>[] {
  const options = stripePaymentOptions(env)
  if (!options) return []
  const { stripe, ...moduleOptions } = options
  return [
    {
      resolve: "@medusajs/medusa/payment",
      options: {
        ...Object.fromEntries(Object.entries(moduleOptions).filter(([, v]) => v !== undefined)),
        providers: [
          {
            // Keeps the provider id pp_stripe_stripe, as with Medusa's own Stripe provider.
            resolve: "@commerce-api/plugin/providers/stripe-payment",
            id: "stripe",
            options: stripe,
          },
        ],
      },
    },
  ]
}
