import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { WEBHOOKS_MODULE } from "../../../modules/webhooks"
import type WebhooksModuleService from "../../../modules/webhooks/service"
import { headerAllowed, webhookConfig } from "../../../lib/webhooks/config"
import { generateSecret } from "../../../lib/webhooks/signing"
import { assertTargetAllowed, WebhookTargetError } from "../../../lib/webhooks/ssrf"

export type WebhookEndpointFields = {
  url?: string
  description?: string | null
  events?: string[]
  enabled?: boolean
  headers?: Record<string, string>
}

/** The target passes the SSRF guard and every custom header is on the allowlist. */
export const validateWebhookEndpointStep = createStep(
  "validate-webhook-endpoint",
  async (input: WebhookEndpointFields) => {
    const config = webhookConfig()
    if (input.url !== undefined) {
      try {
        await assertTargetAllowed(input.url, config)
      } catch (err) {
        if (err instanceof WebhookTargetError) {
          throw new MedusaError(MedusaError.Types.INVALID_DATA, err.message)
        }
        throw err
      }
    }
    for (const name of Object.keys(input.headers ?? {})) {
      if (!headerAllowed(name, config)) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `Header "${name}" is not allowed (allowed: ${config.headerAllowlist.join(", ")}; never webhook-*, host or content-*)`
        )
      }
    }
    return new StepResponse(true)
  }
)

export const createWebhookEndpointStep = createStep(
  "create-webhook-endpoint",
  async (input: WebhookEndpointFields & { url: string; events: string[] }, { container }) => {
    const service = container.resolve<WebhooksModuleService>(WEBHOOKS_MODULE)
    const secret = generateSecret()
    const endpoint = await service.createWebhookEndpoints({
      url: input.url,
      description: input.description ?? null,
      events: input.events,
      enabled: input.enabled ?? true,
      headers: input.headers ?? {},
      secret,
    })
    return new StepResponse({ endpoint, secret }, endpoint.id)
  },
  async (id, { container }) => {
    if (!id) return
    await container.resolve<WebhooksModuleService>(WEBHOOKS_MODULE).deleteWebhookEndpoints(id)
  }
)

type Previous = Record<string, unknown> & { id: string }

export const updateWebhookEndpointStep = createStep(
  "update-webhook-endpoint",
  async (input: WebhookEndpointFields & { id: string }, { container }) => {
    const service = container.resolve<WebhooksModuleService>(WEBHOOKS_MODULE)
    const before = await service.retrieveWebhookEndpoint(input.id)
    const { id, ...fields } = input
    const changes: Record<string, unknown> = { ...fields }
    // Enabling again starts the failure count afresh; queued deliveries resume in order.
    if (input.enabled === true && !before.enabled) {
      Object.assign(changes, { consecutive_failures: 0, disabled_reason: null, disabled_at: null })
    }
    const endpoint = await service.updateWebhookEndpoints({ id, ...changes })
    const previous: Previous = { id }
    for (const key of Object.keys(changes)) {
      previous[key] = (before as unknown as Record<string, unknown>)[key]
    }
    return new StepResponse(endpoint, previous)
  },
  async (previous, { container }) => {
    if (!previous) return
    await container.resolve<WebhooksModuleService>(WEBHOOKS_MODULE).updateWebhookEndpoints(previous)
  }
)

export const deleteWebhookEndpointStep = createStep(
  "delete-webhook-endpoint",
  async (id: string, { container }) => {
    const service = container.resolve<WebhooksModuleService>(WEBHOOKS_MODULE)
    await service.retrieveWebhookEndpoint(id)
    await service.softDeleteWebhookEndpoints(id)
    return new StepResponse(id, id)
  },
  async (id, { container }) => {
    if (!id) return
    await container.resolve<WebhooksModuleService>(WEBHOOKS_MODULE).restoreWebhookEndpoints(id)
  }
)

/** New secret; the old one keeps signing for `window_hours` (both signatures are sent). */
export const rotateWebhookSecretStep = createStep(
  "rotate-webhook-secret",
  async (input: { id: string; window_hours?: number }, { container }) => {
    const service = container.resolve<WebhooksModuleService>(WEBHOOKS_MODULE)
    const before = await service.retrieveWebhookEndpoint(input.id)
    const hours = input.window_hours ?? webhookConfig().rotationWindowHours
    const secret = generateSecret()
    const endpoint = await service.updateWebhookEndpoints({
      id: input.id,
      secret,
      previous_secret: hours > 0 ? before.secret : null,
      previous_secret_expires_at: hours > 0 ? new Date(Date.now() + hours * 3600 * 1000) : null,
    })
    return new StepResponse(
      { endpoint, secret },
      {
        id: before.id,
        secret: before.secret,
        previous_secret: before.previous_secret,
        previous_secret_expires_at: before.previous_secret_expires_at,
      }
    )
  },
  async (previous, { container }) => {
    if (!previous) return
    await container.resolve<WebhooksModuleService>(WEBHOOKS_MODULE).updateWebhookEndpoints(previous)
  }
)

/** Queues a `webhook.test` message for one endpoint (delivered by the worker like any other). */
export const queueTestWebhookStep = createStep(
  "queue-test-webhook",
  async (id: string, { container }) => {
    const service = container.resolve<WebhooksModuleService>(WEBHOOKS_MODULE)
    const endpoint = await service.retrieveWebhookEndpoint(id)
    const queued = await service.enqueue({
      event_type: "webhook.test",
      data: { endpoint_id: endpoint.id, message: "Test event sent from the admin" },
      endpoint_ids: [endpoint.id],
    })
    return new StepResponse(queued!)
  }
)

/** Queues a delivery again now with its original webhook-id. */
export const requeueWebhookDeliveryStep = createStep(
  "requeue-webhook-delivery",
  async (id: string, { container }) => {
    const service = container.resolve<WebhooksModuleService>(WEBHOOKS_MODULE)
    if (!(await service.requeueDelivery(id))) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Webhook delivery ${id} was not found`)
    }
    return new StepResponse(await service.retrieveWebhookDelivery(id))
  }
)
