import type { Context } from "@medusajs/framework/types"
import {
  generateEntityId,
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaService,
} from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import WebhookAttempt from "./models/webhook-attempt"
import WebhookDelivery from "./models/webhook-delivery"
import WebhookEndpoint from "./models/webhook-endpoint"
import WebhookMessage from "./models/webhook-message"

export type ClaimedDelivery = {
  id: string
  endpoint_id: string
  message_id: string
  event_type: string
  attempts: number
}

export type AttemptOutcome = {
  ok: boolean
  status_code: number | null
  duration_ms: number
  error: string | null
  response_body: string | null
}

export type AttemptPolicy = {
  maxAttempts: number
  disableAfterFailures: number
  /** Delay before the next attempt after `attempts` failures. */
  retryDelayMs: (attempts: number) => number
}

export type AttemptRecorded = {
  status: "succeeded" | "pending" | "failed"
  attempts: number
  /** True when this failure disabled the endpoint. */
  endpoint_disabled: boolean
}

type Row = Record<string, unknown>

class WebhooksModuleService extends MedusaService({
  WebhookEndpoint,
  WebhookMessage,
  WebhookDelivery,
  WebhookAttempt,
}) {
  /**
   * Writes one outbox message and a pending delivery for every enabled endpoint subscribed to
   * its type (or only for `endpointIds`), in one transaction. Returns null when no endpoint
   * wants it (nothing is stored).
   */
  @InjectTransactionManager()
  async enqueue(
    input: { event_type: string; data: Record<string, unknown>; endpoint_ids?: string[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ message_id: string; delivery_ids: string[] } | null> {
    const manager = sharedContext.transactionManager as SqlEntityManager
    const endpoints = (
      input.endpoint_ids
        ? input.endpoint_ids.length
          ? await manager.execute(
              `SELECT id FROM webhook_endpoint WHERE deleted_at IS NULL AND id IN (${input.endpoint_ids.map(() => "?").join(", ")})`,
              input.endpoint_ids
            )
          : []
        : await manager.execute(
            `SELECT id FROM webhook_endpoint
             WHERE deleted_at IS NULL AND enabled AND ? = ANY(events)`,
            [input.event_type]
          )
    ) as { id: string }[]
    if (!endpoints.length) return null
    const messageId = generateEntityId(undefined, "msg")
    const createdAt = new Date()
    const payload = {
      id: messageId,
      type: input.event_type,
      schema_version: 1,
      created_at: createdAt.toISOString(),
      data: input.data,
    }
    await manager.execute(
      `INSERT INTO webhook_message (id, event_type, payload, created_at, updated_at)
       VALUES (?, ?, ?::jsonb, ?, ?)`,
      [messageId, input.event_type, JSON.stringify(payload), createdAt, createdAt]
    )
    const deliveryIds: string[] = []
    for (const endpoint of endpoints) {
      const id = generateEntityId(undefined, "whdl")
      deliveryIds.push(id)
      await manager.execute(
        `INSERT INTO webhook_delivery
           (id, endpoint_id, message_id, event_type, status, attempts, next_attempt_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?)`,
        [id, endpoint.id, messageId, input.event_type, createdAt, createdAt, createdAt]
      )
    }
    return { message_id: messageId, delivery_ids: deliveryIds }
  }

  /** Whether an enabled endpoint subscribes to `eventType` (skips building unwanted payloads). */
  @InjectManager()
  async hasSubscribers(eventType: string, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.manager as SqlEntityManager
    const rows = (await manager.execute(
      `SELECT 1 FROM webhook_endpoint WHERE deleted_at IS NULL AND enabled AND ? = ANY(events) LIMIT 1`,
      [eventType]
    )) as Row[]
    return rows.length > 0
  }

  /**
   * Claims due deliveries with a lease: for each enabled endpoint only its oldest pending
   * delivery (per-endpoint order), only when it is due and not leased by another worker.
   * `FOR UPDATE SKIP LOCKED` lets concurrent workers claim disjoint rows.
   */
  @InjectTransactionManager()
  async claimDue(
    limit: number,
    leaseMs: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ClaimedDelivery[]> {
    const manager = sharedContext.transactionManager as SqlEntityManager
    const rows = (await manager.execute(
      `UPDATE webhook_delivery d
          SET locked_until = now() + (? * interval '1 millisecond'), updated_at = now()
        WHERE d.id IN (
          SELECT c.id FROM webhook_delivery c
           WHERE c.id IN (
             SELECT DISTINCT ON (h.endpoint_id) h.id
               FROM webhook_delivery h
               JOIN webhook_endpoint e ON e.id = h.endpoint_id AND e.enabled AND e.deleted_at IS NULL
              WHERE h.status = 'pending' AND h.deleted_at IS NULL
              ORDER BY h.endpoint_id, h.seq
           )
             AND c.next_attempt_at <= now()
             AND (c.locked_until IS NULL OR c.locked_until < now())
           ORDER BY c.next_attempt_at
           LIMIT ?
           FOR UPDATE SKIP LOCKED
        )
        RETURNING d.id, d.endpoint_id, d.message_id, d.event_type, d.attempts`,
      [leaseMs, limit]
    )) as ClaimedDelivery[]
    return rows
  }

  /**
   * Stores an attempt and moves the delivery on: succeeded, retried later, or failed after
   * the last attempt. Consecutive failures of the endpoint are counted; reaching the limit
   * disables it (reported once, by the attempt that crossed it).
   */
  @InjectTransactionManager()
  async recordAttempt(
    delivery: ClaimedDelivery,
    outcome: AttemptOutcome,
    policy: AttemptPolicy,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<AttemptRecorded> {
    const manager = sharedContext.transactionManager as SqlEntityManager
    const attempts = delivery.attempts + 1
    // The log numbers attempts across redeliveries; `attempts` counts the current round.
    await manager.execute(
      `INSERT INTO webhook_attempt
         (id, delivery_id, endpoint_id, message_id, attempt, succeeded, status_code, duration_ms, error, response_body, created_at, updated_at)
       SELECT ?, ?, ?, ?, COALESCE(MAX(attempt), 0) + 1, ?, ?, ?, ?, ?, now(), now()
         FROM webhook_attempt WHERE delivery_id = ?`,
      [
        generateEntityId(undefined, "what"),
        delivery.id,
        delivery.endpoint_id,
        delivery.message_id,
        outcome.ok,
        outcome.status_code,
        Math.round(outcome.duration_ms),
        outcome.error?.slice(0, 1000) ?? null,
        outcome.response_body,
        delivery.id,
      ]
    )
    if (outcome.ok) {
      await manager.execute(
        `UPDATE webhook_delivery SET status = 'succeeded', attempts = ?, locked_until = NULL,
           last_status_code = ?, last_error = NULL, delivered_at = now(), updated_at = now()
         WHERE id = ?`,
        [attempts, outcome.status_code, delivery.id]
      )
      await manager.execute(
        `UPDATE webhook_endpoint SET consecutive_failures = 0, updated_at = now()
         WHERE id = ? AND consecutive_failures <> 0`,
        [delivery.endpoint_id]
      )
      return { status: "succeeded", attempts, endpoint_disabled: false }
    }
    const exhausted = attempts >= policy.maxAttempts
    const next = new Date(Date.now() + policy.retryDelayMs(attempts))
    await manager.execute(
      `UPDATE webhook_delivery SET status = ?, attempts = ?, locked_until = NULL,
         next_attempt_at = ?, last_status_code = ?, last_error = ?, updated_at = now()
       WHERE id = ?`,
      [
        exhausted ? "failed" : "pending",
        attempts,
        next,
        outcome.status_code,
        outcome.error?.slice(0, 1000) ?? null,
        delivery.id,
      ]
    )
    const [endpoint] = (await manager.execute(
      `UPDATE webhook_endpoint SET consecutive_failures = consecutive_failures + 1, updated_at = now()
       WHERE id = ? RETURNING consecutive_failures, enabled`,
      [delivery.endpoint_id]
    )) as { consecutive_failures: number; enabled: boolean }[]
    let disabled = false
    if (
      endpoint &&
      endpoint.enabled &&
      endpoint.consecutive_failures >= policy.disableAfterFailures
    ) {
      const changed = (await manager.execute(
        `UPDATE webhook_endpoint SET enabled = false, disabled_at = now(), disabled_reason = ?, updated_at = now()
         WHERE id = ? AND enabled RETURNING id`,
        [
          `${endpoint.consecutive_failures} consecutive failed deliveries (last: ${outcome.error ?? "error"})`.slice(
            0,
            500
          ),
          delivery.endpoint_id,
        ]
      )) as Row[]
      disabled = changed.length > 0
    }
    return { status: exhausted ? "failed" : "pending", attempts, endpoint_disabled: disabled }
  }

  /** Gives a claimed delivery back without an attempt (e.g. the worker shuts down). */
  @InjectTransactionManager()
  async releaseClaim(deliveryId: string, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.transactionManager as SqlEntityManager
    await manager.execute(`UPDATE webhook_delivery SET locked_until = NULL WHERE id = ?`, [
      deliveryId,
    ])
  }

  /** Queues a delivery again now (manual redelivery), keeping its message and webhook-id. */
  @InjectTransactionManager()
  async requeueDelivery(
    deliveryId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const manager = sharedContext.transactionManager as SqlEntityManager
    const rows = (await manager.execute(
      `UPDATE webhook_delivery SET status = 'pending', attempts = 0, next_attempt_at = now(),
         locked_until = NULL, updated_at = now()
       WHERE id = ? AND deleted_at IS NULL RETURNING id`,
      [deliveryId]
    )) as Row[]
    return rows.length > 0
  }

  /** Pending deliveries of enabled endpoints and the age of the oldest (for /metrics). */
  @InjectManager()
  async queueStats(
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ depth: number; oldest_age_seconds: number }> {
    const manager = sharedContext.manager as SqlEntityManager
    const [row] = (await manager.execute(
      `SELECT count(*)::int AS depth,
              COALESCE(EXTRACT(EPOCH FROM now() - min(d.created_at)), 0)::float AS age
         FROM webhook_delivery d
         JOIN webhook_endpoint e ON e.id = d.endpoint_id AND e.deleted_at IS NULL
        WHERE d.status = 'pending' AND d.deleted_at IS NULL`
    )) as { depth: number; age: number }[]
    return { depth: Number(row?.depth ?? 0), oldest_age_seconds: Number(row?.age ?? 0) }
  }
}

export default WebhooksModuleService
