import type { MedusaContainer } from "@medusajs/framework/types"
import { featureEnabled } from "../lib/plugin-options"
import { webhookConfig } from "../lib/webhooks/config"
import { dispatchDueWebhooks } from "../lib/webhooks/dispatcher"

/**
 * Polls the webhook outbox and delivers what is due. Scheduled jobs run only in worker (or
 * shared) processes, so no API request ever waits for a receiver.
 */
export default async function webhookDispatch(container: MedusaContainer) {
  if (!featureEnabled("webhooks")) return
  await dispatchDueWebhooks(container)
}

export const config = {
  name: "webhook-dispatch",
  schedule: { interval: webhookConfig().pollIntervalMs },
}
