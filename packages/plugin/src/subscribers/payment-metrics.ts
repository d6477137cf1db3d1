import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys, PaymentEvents } from "@medusajs/framework/utils"
import { paymentOutcomes } from "../lib/observability/metrics"
import { featureEnabled } from "../lib/plugin-options"

const RESULTS: Record<string, string> = {
  [PaymentEvents.CAPTURED]: "captured",
  [PaymentEvents.REFUNDED]: "refunded",
}

/** Counts captures and refunds by payment provider (authorisations are counted from the workflow step). */
export default async function paymentMetrics({ event, container }: SubscriberArgs<{ id: string }>) {
  if (!featureEnabled("payments")) return
  const result = RESULTS[event.name]
  if (!result) return
  let provider = "unknown"
  try {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "payment",
      fields: ["provider_id"],
      filters: { id: event.data.id },
    })
    provider = data[0]?.provider_id ?? "unknown"
  } catch {
    // the count matters more than the label
  }
  paymentOutcomes.inc({ provider, result })
}

export const config: SubscriberConfig = {
  event: [PaymentEvents.CAPTURED, PaymentEvents.REFUNDED],
}
