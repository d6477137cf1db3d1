import type { CapturePaymentInput, CapturePaymentOutput } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import {
  getSmallestUnit,
  type StripeOptions,
  StripeProviderService,
  StripeSdk,
} from "./medusa-stripe"

export type LocalAwareStripeOptions = StripeOptions & {
  /** e.g. http://127.0.0.1:12111 — a Stripe-compatible server to talk to instead of api.stripe.com. */
  apiBase?: string
}

/** Connection settings for the Stripe SDK when an API base is configured. */
export function stripeHostConfig(apiBase?: string) {
  if (!apiBase) return undefined
  const url = new URL(apiBase)
  const protocol = url.protocol.replace(":", "")
  if (protocol !== "http" && protocol !== "https") {
    throw new Error(`STRIPE_API_BASE must be an http(s) URL, got ${apiBase}`)
  }
  return {
    host: url.hostname,
    port: Number(url.port || (protocol === "https" ? 443 : 80)),
    protocol: protocol as "http" | "https",
  }
}

type CaptureLookup = {
  retrieve(id: string, config?: Record<string, unknown>): Promise<{ amount: unknown }>
}

/**
 * Medusa's Stripe provider, unchanged except for two things:
 * - with `apiBase` the Stripe client talks to that host (the local Stripe-compatible server);
 * - a partial capture sends `amount_to_capture` (Medusa's provider always captures the whole
 *   authorization, whatever amount the admin asked for). See docs/decisions/0011.
 */
class LocalAwareStripeProviderService extends StripeProviderService {
  constructor(cradle: Record<string, unknown>, options: LocalAwareStripeOptions) {
    super(cradle, options)
    const host = stripeHostConfig(options.apiBase)
    if (host) {
      this.stripe_ = new StripeSdk(options.apiKey, host)
    }
  }

  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    const data = (input.data ?? {}) as Record<string, any>
    const requested = await this.requestedCaptureAmount(input.context?.idempotency_key)
    const authorized = Number(data.amount_capturable || data.amount || 0)
    if (requested === undefined || !data.id || !data.currency) {
      return super.capturePayment(input)
    }
    const amountToCapture = getSmallestUnit(requested, data.currency)
    if (amountToCapture >= authorized) {
      return super.capturePayment(input)
    }
    try {
      const intent = await this.stripe_.paymentIntents.capture(
        data.id,
        { amount_to_capture: amountToCapture },
        { idempotencyKey: input.context?.idempotency_key }
      )
      return { data: intent as unknown as Record<string, unknown> }
    } catch (error: any) {
      // Unlike a full capture, an intent that already succeeded is not "done": Stripe released
      // the uncaptured rest after the first partial capture, so this money cannot be collected.
      if (error?.code === "payment_intent_unexpected_state") {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `Stripe cannot capture more of this payment: after a partial capture the rest of the authorization is released (payment intent status: ${error.payment_intent?.status ?? "unknown"}).`
        )
      }
      throw this.buildError("An error occurred in capturePayment", error)
    }
  }

  /** The amount of the capture being made, read from the Payment module's own record. */
  private async requestedCaptureAmount(captureId?: string) {
    if (!captureId) return undefined
    const captures = this.container_.captureService as CaptureLookup | undefined
    if (!captures) return undefined
    try {
      const capture = await captures.retrieve(captureId, { select: ["id", "amount", "raw_amount"] })
      return capture?.amount as number | string | undefined
    } catch {
      return undefined
    }
  }
}

export default LocalAwareStripeProviderService
