import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { featureEnabled } from "../lib/plugin-options"
import { webhookConfig } from "../lib/webhooks/config"
import { dispatchDueWebhooks } from "../lib/webhooks/dispatcher"

/**
 * Polls the webhook outbox and delivers what is due. Scheduled jobs run only in worker (or
 * shared) processes, so no API request ever waits for a receiver.
 */
export default async function webhookDispatch(container: MedusaContainer) {
  if (!featureEnabled("webhooks")) return
  try {
    await dispatchDueWebhooks(container)
  } catch (err) {
    // A lost database connection (restart, shutdown) is retried by the next poll; failing
    // the job every second would only feed the workflow-failure alert.
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`webhooks: poll failed: ${(err as Error).message.split("\n").pop()}`)
  }
}

export const config = {
  name: "webhook-dispatch",
  schedule: { interval: webhookConfig().pollIntervalMs },
}
