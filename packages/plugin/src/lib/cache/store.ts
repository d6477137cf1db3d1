import { createHash } from "crypto"
import Redis from "ioredis"
import { ByteLru } from "./lru"
import type { CatalogCacheOptions } from "./options"

export type CachedResponse = {
  body: Buffer
  etag: string
  /** headers replayed on a hit (content-type and headers other middlewares set) */
  headers: Record<string, string>
  /** route template of the original request (metrics label for hits served early) */
  route?: string
  /** generation the response was computed under */
  gen: number
  /** stock generation, for responses that show stock (undefined otherwise) */
  sgen?: number
  /**
   * Epoch ms after which the entry must not be served: the next price-list
   * start/end (nothing announces it) or the maximum age, whichever is first.
   */
  expiresAt: number
  size: number
}

/** Loads the next moment (epoch ms) a time-dependent pricing rule changes; undefined: none. */
export type BoundaryLoader = () => Promise<number | undefined>

export type CacheStats = {
  hits: number
  /** of the hits, those served by the early lane (ahead of Medusa's middleware stack) */
  earlyHits: number
  misses: number
  bypasses: number
  stores: number
  notModified: number
  invalidations: number
  memoryEntries: number
  memoryBytes: number
  generation: number
}

type Listener = (event: "hit" | "miss" | "bypass" | "store" | "invalidate") => void

/**
 * Two-tier response store: an in-process LRU in front of Redis (when a Redis
 * URL is configured). Invalidation bumps a generation number: entries are
 * written under their generation, so a bump makes every older entry
 * unreachable at once, in every process (Redis pub/sub tells the others to
 * drop their in-process tier).
 */
export class CatalogCache {
  private lru: ByteLru<CachedResponse>
  private generation = 0
  private stockGeneration = 0
  private redis?: Redis
  private sub?: Redis
  private ready: Promise<void> = Promise.resolve()
  private pending = new Map<string, Promise<CachedResponse | undefined>>()
  private listeners: Listener[] = []
  /** publishable keys Medusa accepted since the last invalidation */
  private acceptedKeys = new Set<string>()
  /** the next pricing boundary, as known under `gen` (checked at `checkedAt`) */
  private boundary?: { gen: number; at: number; checkedAt: number }
  private boundaryLoad?: { gen: number; promise: Promise<number> }
  readonly stats = {
    hits: 0,
    earlyHits: 0,
    misses: 0,
    bypasses: 0,
    stores: 0,
    notModified: 0,
    invalidations: 0,
  }

  constructor(readonly options: CatalogCacheOptions) {
    this.lru = new ByteLru(options.memoryBytes)
    if (options.enabled && options.redisUrl) this.connect(options.redisUrl)
  }

  private get genKey() {
    return `${this.options.prefix}catalog:gen`
  }

  private get stockGenKey() {
    return `${this.options.prefix}catalog:stock-gen`
  }

  private get channel() {
    return `${this.options.prefix}catalog:invalidate`
  }

  private entryKey(key: string, gen: number, sgen: number | undefined) {
    return `${this.options.prefix}catalog:${gen}:${sgen ?? "-"}:${key}`
  }

  private connect(url: string) {
    const opts = { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false }
    this.redis = new Redis(url, opts)
    this.sub = new Redis(url, opts)
    // Redis trouble degrades to the in-process tier; it never fails a request.
    this.redis.on("error", () => {})
    this.sub.on("error", () => {})
    this.sub.on("message", (_channel, message) => {
      const [gen, sgen] = message.split(":").map(Number)
      this.adopt(gen, sgen)
    })
    // (Re)subscribing also re-reads the generation: a bump published while
    // this process was disconnected must still drop its in-process tier.
    this.sub.on("ready", () => {
      this.sub!.subscribe(this.channel).catch(() => {})
      this.syncGeneration().catch(() => {})
    })
    this.ready = this.syncGeneration().catch(() => {})
  }

  private async syncGeneration() {
    const [gen, sgen] = await this.redis!.mget(this.genKey, this.stockGenKey)
    this.adopt(Number(gen || 0), Number(sgen || 0))
  }

  /** Moves to newer generations; in-process entries of older ones become unreachable. */
  private adopt(gen: number, sgen = 0) {
    if (Number.isFinite(sgen) && sgen > this.stockGeneration) this.stockGeneration = sgen
    if (!Number.isFinite(gen) || gen <= this.generation) return
    this.generation = gen
    this.lru.clear()
    this.acceptedKeys.clear()
    this.boundary = undefined
  }

  onEvent(listener: Listener) {
    this.listeners.push(listener)
  }

  count(event: "hit" | "miss" | "bypass" | "store" | "notModified" | "earlyHit") {
    if (event === "notModified" || event === "earlyHit") {
      this.stats[event === "earlyHit" ? "earlyHits" : event]++
      return
    }
    this.stats[event === "hit" ? "hits" : event === "miss" ? "misses" : `${event}s`]++
    for (const l of this.listeners) l(event)
  }

  get currentGeneration() {
    return this.generation
  }

  get currentStockGeneration() {
    return this.stockGeneration
  }

  private get maxAgeMs() {
    return this.options.ttlSeconds * 1000
  }

  /** Still servable now: same generations and not past its expiry. */
  isFresh(entry: CachedResponse): boolean {
    return this.valid(entry) !== undefined
  }

  private valid(entry: CachedResponse | undefined) {
    if (!entry || entry.gen !== this.generation) return undefined
    if (entry.expiresAt <= Date.now()) return undefined
    return entry.sgen === undefined || entry.sgen === this.stockGeneration ? entry : undefined
  }

  snapshot(): CacheStats {
    return {
      ...this.stats,
      memoryEntries: this.lru.size,
      memoryBytes: this.lru.byteSize,
      generation: this.generation,
    }
  }

  acceptKey(token: string) {
    this.acceptedKeys.add(token)
  }

  isAcceptedKey(token: string) {
    return this.acceptedKeys.has(token)
  }

  /** In-process tier only: synchronous, used by the early lane. */
  peek(key: string): CachedResponse | undefined {
    return this.valid(this.lru.get(key))
  }

  /** `stock`: the response shows stock, so it also depends on the stock generation. */
  async get(key: string, stock = false): Promise<CachedResponse | undefined> {
    const local = this.peek(key)
    if (local || !this.redis) return local
    await this.ready
    const gen = this.generation
    const sgen = stock ? this.stockGeneration : undefined
    try {
      const raw = await this.redis.getBuffer(this.entryKey(key, gen, sgen))
      if (!raw) return undefined
      const entry = this.valid(decode(raw, gen, sgen))
      if (entry) this.lru.set(key, entry)
      return entry
    } catch {
      return undefined
    }
  }

  /**
   * Stores a response computed under generations `gen`/`sgen` (sgen only for
   * responses that show stock); dropped if a generation moved since or if it
   * is already past `expiresAt` (capped at the maximum age).
   */
  set(
    key: string,
    gen: number,
    sgen: number | undefined,
    body: Buffer,
    headers: Record<string, string>,
    route?: string,
    expiresAt = Infinity
  ): CachedResponse {
    const etag = `"${createHash("sha1").update(body).digest("base64url")}"`
    const now = Date.now()
    const entry: CachedResponse = {
      body,
      etag,
      headers,
      route,
      gen,
      sgen,
      expiresAt: Math.min(expiresAt, now + this.maxAgeMs),
      size: body.length + 512,
    }
    if (!this.valid(entry)) return entry
    this.lru.set(key, entry)
    this.count("store")
    if (this.redis) {
      const ttlMs = Math.max(1, Math.ceil(entry.expiresAt - now))
      this.redis.set(this.entryKey(key, gen, sgen), encode(entry), "PX", ttlMs).catch(() => {})
    }
    return entry
  }

  /**
   * The expiry for a response computed from now on: the next pricing
   * boundary, looked up at most once per generation and boundary (a price-list
   * event bumps the generation, a passed boundary or the maximum age forces a
   * new look-up), so hits never query the database. A failed look-up gives
   * "now": the response is sent but not stored.
   */
  async expiryFor(load: BoundaryLoader): Promise<number> {
    const now = Date.now()
    const gen = this.generation
    const known = this.boundary
    if (known && known.gen === gen && known.at > now && now - known.checkedAt < this.maxAgeMs) {
      return known.at
    }
    if (this.boundaryLoad?.gen !== gen) {
      const promise = Promise.resolve()
        .then(load)
        .then(
          (at) => {
            const value = at === undefined ? Infinity : at
            // Only adopted if no invalidation happened while loading.
            if (this.generation === gen) this.boundary = { gen, at: value, checkedAt: now }
            return value
          },
          () => now
        )
      this.boundaryLoad = { gen, promise }
      promise.finally(() => {
        if (this.boundaryLoad?.promise === promise) this.boundaryLoad = undefined
      })
    }
    return this.boundaryLoad!.promise
  }

  /** Single flight: the first miss for a key computes, the others wait for it. */
  pendingFor(key: string) {
    return this.pending.get(key)
  }

  beginFill(key: string): (entry: CachedResponse | undefined) => void {
    let resolve!: (e: CachedResponse | undefined) => void
    const promise = new Promise<CachedResponse | undefined>((r) => (resolve = r))
    this.pending.set(key, promise)
    let done = false
    return (entry) => {
      if (done) return
      done = true
      if (this.pending.get(key) === promise) this.pending.delete(key)
      resolve(entry)
    }
  }

  /**
   * Drops every cached response, here at once and in other processes via
   * Redis. Bumps are coalesced: a burst of events costs one round trip.
   */
  private publishing?: Promise<void>
  private dirty = new Set<"all" | "stock">()
  private republish = false

  invalidate(scope: "all" | "stock" = "all"): Promise<void> {
    this.stats.invalidations++
    for (const l of this.listeners) l("invalidate")
    if (scope === "stock") {
      // Only responses that show stock depend on it; the rest stay cached.
      this.stockGeneration++
    } else {
      this.generation++
      this.lru.clear()
      this.acceptedKeys.clear()
      this.boundary = undefined
    }
    this.pending.clear()
    this.dirty.add(scope)
    if (!this.redis) return Promise.resolve()
    if (this.publishing) {
      this.republish = true
      return this.publishing
    }
    const run = async (): Promise<void> => {
      const scopes = [...this.dirty]
      this.dirty.clear()
      try {
        for (const s of scopes) {
          const [redisKey, local] =
            s === "stock"
              ? [this.stockGenKey, this.stockGeneration]
              : [this.genKey, this.generation]
          const value = await this.redis!.incr(redisKey)
          // Another process may be ahead (adopt it); never go backwards.
          if (value < local) await this.redis!.set(redisKey, String(local))
          else if (s === "stock") this.adopt(this.generation, value)
          else this.adopt(value)
        }
        await this.redis!.publish(this.channel, `${this.generation}:${this.stockGeneration}`)
      } catch {
        // Redis down: the in-process tier was cleared; others expire by TTL.
      }
      if (this.republish) {
        this.republish = false
        return run()
      }
    }
    this.publishing = run().finally(() => (this.publishing = undefined))
    return this.publishing
  }

  async close() {
    await Promise.all([this.redis?.quit().catch(() => {}), this.sub?.quit().catch(() => {})])
  }
}

// Redis value: JSON header line, newline, raw body bytes.
function encode(entry: CachedResponse): Buffer {
  const head = Buffer.from(
    JSON.stringify({ e: entry.etag, h: entry.headers, r: entry.route, x: entry.expiresAt }) + "\n"
  )
  return Buffer.concat([head, entry.body])
}

function decode(raw: Buffer, gen: number, sgen: number | undefined): CachedResponse | undefined {
  const nl = raw.indexOf(10)
  if (nl === -1) return undefined
  try {
    const head = JSON.parse(raw.subarray(0, nl).toString("utf8"))
    // Entries written without an expiry are not trusted.
    if (typeof head.x !== "number") return undefined
    const body = Buffer.from(raw.subarray(nl + 1))
    return {
      body,
      etag: head.e,
      headers: head.h,
      route: head.r,
      gen,
      sgen,
      expiresAt: head.x,
      size: body.length + 512,
    }
  } catch {
    return undefined
  }
}
