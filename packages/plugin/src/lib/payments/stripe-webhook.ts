import Stripe from "stripe"
import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import Redis from "ioredis"

/** Stripe's own default: signatures older than five minutes are refused. */
export const WEBHOOK_TOLERANCE_SECONDS = 300

type SeenStore = {
  /** true when the id was not seen before (and is now remembered). */
  remember(id: string, ttlSeconds: number): Promise<boolean>
  forget(id: string): Promise<void>
}

function memoryStore(): SeenStore {
  const seen = new Map<string, number>()
  return {
    async remember(id, ttl) {
      const now = Date.now()
      for (const [key, expires] of seen) if (expires < now) seen.delete(key)
      if (seen.has(id)) return false
      seen.set(id, now + ttl * 1000)
      return true
    },
    async forget(id) {
      seen.delete(id)
    },
  }
}

function redisStore(url: string): SeenStore {
  // Own connection, DB and prefix: the payments feature's slot on the shared Redis.
  const redis = new Redis(url, {
    keyPrefix: "pay:webhook:",
    db: Number(process.env.PAYMENT_REDIS_DB ?? 1),
    lazyConnect: true,
    maxRetriesPerRequest: 2,
  })
  return {
    async remember(id, ttl) {
      return (await redis.set(id, "1", "EX", ttl, "NX")) === "OK"
    },
    async forget(id) {
      await redis.del(id)
    },
  }
}

let store: SeenStore | undefined
function seenStore() {
  store ??= process.env.REDIS_URL ? redisStore(process.env.REDIS_URL) : memoryStore()
  return store
}

function reject(res: MedusaResponse, message: string) {
  res.status(400).json({ type: "invalid_data", message })
}

/**
 * Verifies a Stripe webhook before Medusa's /hooks/payment route acknowledges it (that route
 * answers 200 to anything and verifies only later, in a background subscriber): a forged,
 * tampered or stale request gets a 400 and is never queued; a replay of an event already
 * accepted is acknowledged without being queued again. See docs/decisions/0012.
 */
export function verifyStripeWebhook(readSecret: () => string | undefined) {
  return async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    const secret = readSecret()
    const provider = String(req.params?.provider ?? req.path.split("/").pop() ?? "")
    if (!provider.startsWith("stripe")) return next()
    if (!secret)
      return reject(res, "Stripe webhooks are not accepted: STRIPE_WEBHOOK_SECRET is not set")
    const signature = req.headers["stripe-signature"]
    const raw = (req as unknown as { rawBody?: Buffer }).rawBody
    if (typeof signature !== "string" || !raw) {
      return reject(res, "Missing Stripe-Signature header or body")
    }
    let event: Stripe.Event
    try {
      event = Stripe.webhooks.constructEvent(raw, signature, secret, WEBHOOK_TOLERANCE_SECONDS)
    } catch (e: any) {
      const stale = /tolerance/i.test(String(e?.message))
      return reject(
        res,
        stale
          ? "Stripe webhook timestamp is outside the tolerance window"
          : "Stripe webhook signature verification failed"
      )
    }
    // Remember ids a little longer than a signature stays valid: an older replay fails above.
    const fresh = await seenStore().remember(event.id, WEBHOOK_TOLERANCE_SECONDS * 2)
    if (!fresh) {
      res.status(200).json({ received: true, duplicate: true })
      return
    }
    // If Medusa does not acknowledge it, Stripe redelivers; the redelivery must not look like a replay.
    res.on("finish", () => {
      if (res.statusCode >= 300) void seenStore().forget(event.id)
    })
    next()
  }
}
