/**
 * The one place that reaches into @medusajs/payment-stripe. Its public entry point (the package
 * "main") exports only the module provider, whose `services` list holds the provider class we
 * extend; the options type and the currency-unit helper exist only under dist/. If an update
 * moves them, tsc and src/providers/stripe-payment/__tests__/medusa-stripe.unit.spec.ts fail.
 */
import { createRequire } from "module"
import stripeProviders from "@medusajs/payment-stripe"
import type StripeProviderServiceType from "@medusajs/payment-stripe/dist/services/stripe-provider"
import { getSmallestUnit } from "@medusajs/payment-stripe/dist/utils/get-smallest-unit"

export type { StripeOptions } from "@medusajs/payment-stripe/dist/types"
export { getSmallestUnit }

/** Medusa's card provider (identifier "stripe"), taken from the package's public export. */
export const StripeProviderService = (() => {
  const found = stripeProviders.services.find(
    (s) => (s as { identifier?: string }).identifier === "stripe"
  )
  if (!found) throw new Error("@medusajs/payment-stripe no longer exports its stripe provider")
  return found as typeof StripeProviderServiceType
})()

/** The Stripe SDK the provider was built against (its own nested copy, not ours). */
export const StripeSdk = createRequire(require.resolve("@medusajs/payment-stripe"))("stripe")
