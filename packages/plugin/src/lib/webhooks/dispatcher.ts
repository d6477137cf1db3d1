import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { WEBHOOKS_MODULE } from "../../modules/webhooks"
import type WebhooksModuleService from "../../modules/webhooks/service"
import type { ClaimedDelivery } from "../../modules/webhooks/service"
import { metrics } from "../observability/metrics"
import { retryDelayMs, type WebhookConfig, webhookConfig } from "./config"
import { postWebhook } from "./deliver"
import { signedHeaders } from "./signing"

/** Medusa event emitted when an endpoint was switched off after repeated failures. */
export const ENDPOINT_DISABLED_EVENT = "webhook_endpoint.disabled"

type Endpoint = {
  id: string
  url: string
  secret: string
  previous_secret: string | null
  previous_secret_expires_at: Date | string | null
  headers: Record<string, string> | null
  consecutive_failures: number
  disabled_reason: string | null
}

/** Secrets that sign now: the current one, and the previous one during its rotation window. */
export function signingSecrets(endpoint: Endpoint, now = new Date()): string[] {
  const secrets = [endpoint.secret]
  const until = endpoint.previous_secret_expires_at
  if (endpoint.previous_secret && until && new Date(until).getTime() > now.getTime()) {
    secrets.push(endpoint.previous_secret)
  }
  return secrets
}

/**
 * One polling round of the worker: claims due deliveries (one per endpoint, oldest first),
 * sends them in parallel across endpoints and records each attempt. Repeats while there was
 * work, for at most `budgetMs`, so a backlog drains faster than one delivery per poll.
 * Returns the number of attempts made.
 */
export async function dispatchDueWebhooks(
  container: MedusaContainer,
  config: WebhookConfig = webhookConfig(),
  budgetMs = Math.max(config.pollIntervalMs * 5, 5000)
): Promise<number> {
  const service = container.resolve<WebhooksModuleService>(WEBHOOKS_MODULE)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  // The lease outlives connect + response timeouts, so a live worker never loses its claim.
  const leaseMs = config.timeoutMs * 2 + 10000
  const until = Date.now() + budgetMs
  let total = 0
  for (;;) {
    const claimed = await service.claimDue(config.batchSize, leaseMs)
    if (!claimed.length) break
    await Promise.all(
      claimed.map((delivery) =>
        deliverOne(container, service, delivery, config).catch((err: Error) => {
          logger.warn(`webhooks: delivery ${delivery.id} not recorded: ${err.message}`)
        })
      )
    )
    total += claimed.length
    if (Date.now() > until) break
  }
  await updateQueueGauges(service).catch(() => undefined)
  return total
}

export async function updateQueueGauges(service: WebhooksModuleService): Promise<void> {
  const stats = await service.queueStats()
  metrics().webhookQueueDepth.set(stats.depth)
  metrics().webhookOldestPendingAge.set(stats.oldest_age_seconds)
}

async function deliverOne(
  container: MedusaContainer,
  service: WebhooksModuleService,
  delivery: ClaimedDelivery,
  config: WebhookConfig
): Promise<void> {
  const [endpoint, message] = await Promise.all([
    service.retrieveWebhookEndpoint(delivery.endpoint_id) as unknown as Promise<Endpoint>,
    service.retrieveWebhookMessage(delivery.message_id),
  ])
  const body = JSON.stringify(message.payload)
  const headers = {
    ...(endpoint.headers ?? {}),
    ...signedHeaders(message.id, body, signingSecrets(endpoint)),
  }
  const outcome = await postWebhook(endpoint.url, body, headers, config)
  const recorded = await service.recordAttempt(delivery, outcome, {
    maxAttempts: config.maxAttempts,
    disableAfterFailures: config.disableAfterFailures,
    retryDelayMs: (attempts) => retryDelayMs(attempts, config),
  })
  metrics().webhookDeliveries.inc({
    result: recorded.status === "pending" ? "retrying" : recorded.status,
  })
  if (recorded.endpoint_disabled) await onEndpointDisabled(container, endpoint.id, config)
}

/** Tells the merchant: an e-mail to the admins, a Medusa event and an `endpoint.disabled` webhook. */
async function onEndpointDisabled(
  container: MedusaContainer,
  endpointId: string,
  config: WebhookConfig
): Promise<void> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const service = container.resolve<WebhooksModuleService>(WEBHOOKS_MODULE)
  const endpoint = (await service.retrieveWebhookEndpoint(endpointId)) as unknown as Endpoint
  const data = {
    id: endpoint.id,
    url: endpoint.url,
    consecutive_failures: endpoint.consecutive_failures,
    reason: endpoint.disabled_reason,
  }
  logger.warn(
    `webhooks: endpoint ${endpoint.id} (${endpoint.url}) disabled: ${endpoint.disabled_reason}`
  )
  try {
    const eventBus = container.resolve(Modules.EVENT_BUS)
    await eventBus.emit({ name: ENDPOINT_DISABLED_EVENT, data })
    await service.enqueue({ event_type: "endpoint.disabled", data })
  } catch (err) {
    logger.warn(`webhooks: could not emit ${ENDPOINT_DISABLED_EVENT}: ${(err as Error).message}`)
  }
  try {
    const recipients = config.alertEmail
      ? [config.alertEmail]
      : (await container.resolve(Modules.USER).listUsers({}, { select: ["email"], take: 20 }))
          .map((user) => user.email)
          .filter(Boolean)
    if (!recipients.length) return
    const notifications = container.resolve(Modules.NOTIFICATION)
    await notifications.createNotifications(
      recipients.map((to) => ({
        to,
        channel: "email",
        template: "webhook-endpoint-disabled",
        data,
      }))
    )
  } catch (err) {
    logger.warn(`webhooks: could not notify about ${endpoint.id}: ${(err as Error).message}`)
  }
}
