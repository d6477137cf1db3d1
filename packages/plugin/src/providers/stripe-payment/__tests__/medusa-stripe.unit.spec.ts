import path from "path"
import { getSmallestUnit, StripeProviderService, StripeSdk } from "../medusa-stripe"
import LocalAwareStripeProviderService from "../service"

// medusa-stripe.ts reaches into @medusajs/payment-stripe's dist/ (no public export exists for
// these). When an update moves or reshapes them, this fails before any payment does.
describe("what we use of @medusajs/payment-stripe 2.21", () => {
  it("still has the internal modules at the paths medusa-stripe.ts imports", () => {
    const pkg = path.dirname(require.resolve("@medusajs/payment-stripe/package.json"))
    for (const internal of ["dist/utils/get-smallest-unit", "dist/services/stripe-provider"]) {
      expect(require.resolve(`@medusajs/payment-stripe/${internal}`)).toBe(
        path.join(pkg, `${internal}.js`)
      )
    }
  })

  it("converts amounts to Stripe's smallest currency unit", () => {
    expect(getSmallestUnit(10.5, "usd")).toBe(1050)
    expect(getSmallestUnit(1000, "jpy")).toBe(1000)
    expect(getSmallestUnit("19.99", "EUR")).toBe(1999)
  })

  it("exports the card provider whose members our subclass relies on", () => {
    expect((StripeProviderService as unknown as { identifier: string }).identifier).toBe("stripe")
    const cradle = { captureService: {} }
    const provider = new StripeProviderService(cradle, {
      apiKey: "sk_test_shape",
      webhookSecret: "whsec_shape",
    })
    const internals = provider as unknown as Record<string, unknown>
    expect(internals.container_).toBe(cradle)
    expect(internals.stripe_).toBeInstanceOf(StripeSdk)
    for (const method of ["capturePayment", "buildError"]) {
      expect(typeof internals[method]).toBe("function")
    }
    expect(
      new LocalAwareStripeProviderService(cradle, {
        apiKey: "sk_test_shape",
        webhookSecret: "whsec_shape",
      })
    ).toBeInstanceOf(StripeProviderService)
  })
})
