import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { WEBHOOKS_MODULE } from "../modules/webhooks"
import type WebhooksModuleService from "../modules/webhooks/service"
import { featureEnabled, getPluginOptions } from "../lib/plugin-options"
import { MEDUSA_EVENT_TO_WEBHOOK } from "../lib/webhooks/events"
import { buildPayload, lowStockPayload } from "../lib/webhooks/payloads"

const LOW_STOCK_TRIGGER = "reservation-item.created"

/**
 * Writes the webhook outbox: one message per Medusa event that an enabled endpoint
 * subscribes to. Delivery happens later, in the worker's webhook-dispatch job.
 */
export default async function webhookOutbox({
  event,
  container,
}: SubscriberArgs<Record<string, unknown> & { id?: string }>) {
  if (!featureEnabled("webhooks")) return
  const type =
    event.name === LOW_STOCK_TRIGGER ? "inventory.low_stock" : MEDUSA_EVENT_TO_WEBHOOK[event.name]
  if (!type) return
  const service = container.resolve<WebhooksModuleService>(WEBHOOKS_MODULE)
  if (!(await service.hasSubscribers(type))) return
  try {
    const data =
      type === "inventory.low_stock"
        ? event.data.id
          ? await lowStockPayload(
              container,
              event.data.id,
              getPluginOptions().webhooks.lowStockThreshold
            )
          : null
        : await buildPayload(container, type, event.data)
    if (!data) return
    await service.enqueue({ event_type: type, data })
  } catch (err) {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .error(
        `webhooks: could not queue ${type} for ${event.data.id ?? "?"}: ${(err as Error).message}`
      )
    // Rethrown so a retrying event bus (Redis) tries again; losing the event is worse.
    throw err
  }
}

export const config: SubscriberConfig = {
  event: [...Object.keys(MEDUSA_EVENT_TO_WEBHOOK), LOW_STOCK_TRIGGER],
  context: { subscriberId: "commerce-webhook-outbox" },
}
