import Redis from "ioredis"
import { RateLimiterMemory } from "rate-limiter-flexible"
import {
  BUYER_IP_HEADER,
  buyerIpProblem,
  clientIp,
  closeRateLimitStore,
  createLimiter,
  createStoreLimiter,
  isStorefrontServer,
  LocalFirstLimiter,
  STOREFRONT_TOKEN_HEADER,
} from "../rate-limit"
import { productionProblems, readSettings } from "../settings"
import {
  itWithBinaries,
  redisService,
} from "../../../../../integration-tests/helpers/system-binaries"

const REDIS_TEST_URL = process.env.RATE_LIMIT_TEST_REDIS_URL || "redis://127.0.0.1:6379/3"

type ClientRequest = Parameters<typeof clientIp>[0]
// Only what clientIp and buyerIpProblem read; a real socket's remoteAddress cannot be set.
const req = (remoteAddress: string, ip?: string, headers: Record<string, string> = {}) =>
  ({ socket: { remoteAddress }, ip, headers }) as unknown as ClientRequest

describe("clientIp", () => {
  const saved = process.env.TRUSTED_PROXIES
  afterEach(() => {
    process.env.TRUSTED_PROXIES = saved
  })

  it("uses the socket address and ignores forwarded addresses by default", () => {
    delete process.env.TRUSTED_PROXIES
    expect(clientIp(req("10.0.0.5", "203.0.113.9"))).toBe("10.0.0.5")
    expect(clientIp(req("::ffff:10.0.0.5"))).toBe("10.0.0.5")
  })

  it("uses req.ip only when the peer is a trusted proxy", () => {
    process.env.TRUSTED_PROXIES = "10.0.0.1, 10.0.0.2"
    expect(clientIp(req("10.0.0.2", "203.0.113.9"))).toBe("203.0.113.9")
    expect(clientIp(req("10.0.0.7", "203.0.113.9"))).toBe("10.0.0.7")
    process.env.TRUSTED_PROXIES = "*"
    expect(clientIp(req("10.0.0.7", "203.0.113.9"))).toBe("203.0.113.9")
  })
})

describe("clientIp for a storefront server", () => {
  const saved = { token: process.env.STOREFRONT_SERVER_TOKEN, proxies: process.env.TRUSTED_PROXIES }
  const token = "s".repeat(40)
  const server = (headers: Record<string, string>, ip?: string) => req("10.0.0.9", ip, headers)
  beforeEach(() => {
    process.env.STOREFRONT_SERVER_TOKEN = `${"old".repeat(12)}, ${token}`
    delete process.env.TRUSTED_PROXIES
  })
  afterEach(() => {
    for (const [name, value] of [
      ["STOREFRONT_SERVER_TOKEN", saved.token],
      ["TRUSTED_PROXIES", saved.proxies],
    ] as const) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  })

  it("believes the buyer-IP header only next to a configured token", () => {
    const buyer = { [BUYER_IP_HEADER]: "203.0.113.7" }
    expect(clientIp(server({ ...buyer, [STOREFRONT_TOKEN_HEADER]: token }))).toBe("203.0.113.7")
    // Either token of a rotation works.
    expect(clientIp(server({ ...buyer, [STOREFRONT_TOKEN_HEADER]: "old".repeat(12) }))).toBe(
      "203.0.113.7"
    )
    expect(
      clientIp(
        server({ [BUYER_IP_HEADER]: "::ffff:198.51.100.4", [STOREFRONT_TOKEN_HEADER]: token })
      )
    ).toBe("198.51.100.4")
    for (const forged of [undefined, "", token.slice(1), `${token}x`, token.toUpperCase()]) {
      const headers: Record<string, string> = { ...buyer }
      if (forged !== undefined) headers[STOREFRONT_TOKEN_HEADER] = forged
      expect(clientIp(server(headers))).toBe("10.0.0.9")
      expect(buyerIpProblem(server({ ...headers, [BUYER_IP_HEADER]: "nonsense" }))).toBeUndefined()
    }
    // No token configured: nothing sent can match.
    process.env.STOREFRONT_SERVER_TOKEN = ""
    expect(isStorefrontServer(server({ [STOREFRONT_TOKEN_HEADER]: "" }))).toBe(false)
    expect(clientIp(server({ ...buyer, [STOREFRONT_TOKEN_HEADER]: token }))).toBe("10.0.0.9")
  })

  it("takes precedence over TRUSTED_PROXIES and refuses a buyer IP that is not one address", () => {
    process.env.TRUSTED_PROXIES = "*"
    const auth = { [STOREFRONT_TOKEN_HEADER]: token }
    expect(clientIp(server({ ...auth, [BUYER_IP_HEADER]: "203.0.113.8" }, "192.0.2.1"))).toBe(
      "203.0.113.8"
    )
    expect(clientIp(server(auth, "192.0.2.1"))).toBe("192.0.2.1")
    for (const bad of ["203.0.113.8, 10.0.0.1", "example.com", "999.1.1.1", ""]) {
      const r = server({ ...auth, [BUYER_IP_HEADER]: bad }, "192.0.2.1")
      expect(buyerIpProblem(r)).toMatch(/must be a single IPv4 or IPv6 address/)
      expect(clientIp(r)).toBe("192.0.2.1")
    }
    expect(buyerIpProblem(server({ ...auth, [BUYER_IP_HEADER]: "2001:db8::1" }))).toBeUndefined()
  })

  it("production refuses a short token", () => {
    const strong = "a".repeat(48)
    const base = { NODE_ENV: "production", JWT_SECRET: strong, COOKIE_SECRET: strong }
    const problems = (token: string) =>
      productionProblems(readSettings({ ...base, STOREFRONT_SERVER_TOKEN: token }))
    expect(problems(strong)).toEqual([])
    expect(problems(`${strong},short`).join()).toMatch(/STOREFRONT_SERVER_TOKEN.*shorter than 32/)
    expect(productionProblems(readSettings({ ...base }))).toEqual([])
    // Development accepts anything.
    expect(productionProblems(readSettings({ STOREFRONT_SERVER_TOKEN: "dev" }))).toEqual([])
  })
})

describe("createLimiter", () => {
  const env = { ...process.env }
  afterEach(async () => {
    await closeRateLimitStore()
    process.env = { ...env }
  })

  it("counts in memory without Redis", async () => {
    delete process.env.REDIS_URL
    delete process.env.RATE_LIMIT_REDIS_URL
    const limiter = createLimiter({ name: "unit-mem", points: 2, duration: 60 })
    await limiter.consume("k")
    await limiter.consume("k")
    await expect(limiter.consume("k")).rejects.toMatchObject({ remainingPoints: 0 })
  })

  // Needs the Redis service (skipped without it, a failure under REQUIRE_SYSTEM_BINARIES).
  const sharedRedis = "shares counters through Redis when a Redis URL is set"
  itWithBinaries([redisService(REDIS_TEST_URL)], sharedRedis, async () => {
    const prefix = `rl:test-${process.pid}-${Date.now()}`
    process.env.RATE_LIMIT_REDIS_URL = REDIS_TEST_URL
    process.env.RATE_LIMIT_PREFIX = prefix
    // Two limiters stand in for two server processes.
    const a = createLimiter({ name: "unit-redis", points: 3, duration: 60 })
    const b = createLimiter({ name: "unit-redis", points: 3, duration: 60 })
    await a.consume("client")
    await b.consume("client")
    await a.consume("client")
    await expect(b.consume("client")).rejects.toMatchObject({ remainingPoints: 0 })

    const redis = new Redis(REDIS_TEST_URL)
    try {
      const keys = await redis.keys(`${prefix}:*`)
      expect(keys).toEqual([`${prefix}:unit-redis:client`])
      await redis.del(...keys)
    } finally {
      await redis.quit()
    }
  })
})

/** A real in-memory limiter whose answers wait until the test opens the gate (a slow store). */
class GatedLimiter extends RateLimiterMemory {
  private waiting: (() => void)[] = []
  closed = true
  consume(key: string | number, points?: number) {
    const answer = () => super.consume(key, points)
    if (!this.closed) return answer()
    return new Promise<void>((resolve) => this.waiting.push(resolve)).then(answer)
  }
  open() {
    this.closed = false
    for (const resolve of this.waiting.splice(0)) resolve()
  }
  close() {
    this.closed = true
  }
}

/** Whether a promise has settled after the pending microtasks ran. */
async function settledNow(p: Promise<unknown>): Promise<boolean> {
  let done = false
  p.then(
    () => (done = true),
    () => (done = true)
  )
  await new Promise((r) => setImmediate(r))
  return done
}

/** Consumes n times at once; counts the granted and refused. */
async function burst(limiter: LocalFirstLimiter, key: string, n: number) {
  const results = await Promise.allSettled(Array.from({ length: n }, () => limiter.consume(key)))
  const granted = results.filter((r) => r.status === "fulfilled").length
  return { granted, refused: n - granted }
}

describe("LocalFirstLimiter (the /store limits)", () => {
  it("waits for the store on a key's first request, then answers without waiting while far from the limit", async () => {
    const store = new GatedLimiter({ points: 100, duration: 60 })
    const limiter = new LocalFirstLimiter(store, 4)
    const first = limiter.consume("ip")
    expect(await settledNow(first)).toBe(false)
    store.open()
    await first
    store.close()
    // Up to `ahead` consumes in flight answer at once; the next one waits for the store.
    const quick = Array.from({ length: 4 }, () => limiter.consume("ip"))
    for (const p of quick) expect(await settledNow(p)).toBe(true)
    const fifth = limiter.consume("ip")
    expect(await settledNow(fifth)).toBe(false)
    store.open()
    await fifth
    // Every request was counted in the store.
    await new Promise((r) => setImmediate(r))
    expect((await limiter.get("ip"))?.consumedPoints).toBe(6)
  })

  it("lets through exactly `points` per window in one process, concurrent or not", async () => {
    for (const concurrent of [true, false]) {
      const limiter = new LocalFirstLimiter(new RateLimiterMemory({ points: 30, duration: 60 }), 4)
      const key = `k-${concurrent}`
      let granted = 0
      let refused = 0
      if (concurrent) {
        for (let i = 0; i < 5; i++) {
          const r = await burst(limiter, key, 10)
          granted += r.granted
          refused += r.refused
        }
      } else {
        for (let i = 0; i < 50; i++) {
          await limiter.consume(key).then(
            () => granted++,
            () => refused++
          )
        }
      }
      expect({ granted, refused }).toEqual({ granted: 30, refused: 20 })
    }
  })

  it("near the limit every request waits for the store, and a refusal is a 429 answer", async () => {
    const store = new GatedLimiter({ points: 10, duration: 60 })
    const limiter = new LocalFirstLimiter(store, 4)
    store.open()
    for (let i = 0; i < 6; i++) await limiter.consume("near")
    store.close()
    // 6 counted: 6 + 1 > 10 - 4, so the 7th already waits.
    const seventh = limiter.consume("near")
    expect(await settledNow(seventh)).toBe(false)
    store.open()
    await seventh
    await limiter.consume("near")
    await limiter.consume("near")
    await limiter.consume("near")
    await expect(limiter.consume("near")).rejects.toMatchObject({ remainingPoints: 0 })
  })

  it("bounds what several processes let through: at most points + processes × ahead", async () => {
    // One store shared by three processes' limiters (Redis in production).
    const store = new GatedLimiter({ points: 40, duration: 60 })
    const processes = [0, 1, 2].map(() => new LocalFirstLimiter(store, 4))
    store.open()
    for (const p of processes) await p.consume("shared")
    // The store answers slowly: every process sends a burst before any answer.
    let granted = 3
    for (let round = 0; round < 10; round++) {
      store.close()
      const bursts = processes.map((p) => burst(p, "shared", 6))
      await new Promise((r) => setImmediate(r))
      store.open()
      for (const r of await Promise.all(bursts)) granted += r.granted
    }
    expect(granted).toBeGreaterThanOrEqual(40)
    expect(granted).toBeLessThanOrEqual(40 + 3 * 4)
    // Once the store says the key is over its limit, every process refuses.
    for (const p of processes) await expect(p.consume("shared")).rejects.toMatchObject({})
  })

  it("forgets a key's view on delete and when its window ends", async () => {
    const store = new GatedLimiter({ points: 100, duration: 1 })
    const limiter = new LocalFirstLimiter(store, 4)
    store.open()
    await limiter.consume("w")
    store.close()
    expect(await settledNow(limiter.consume("w"))).toBe(true)
    store.open()
    await limiter.delete("w")
    store.close()
    expect(await settledNow(limiter.consume("w"))).toBe(false)
    store.open()
    // A block (tests, operators) is seen by the next request at once.
    await limiter.consume("w")
    await limiter.block("w", 30)
    await expect(limiter.consume("w")).rejects.toMatchObject({ remainingPoints: 0 })
    await limiter.delete("w")
    await new Promise((r) => setTimeout(r, 1100))
    store.close()
    expect(await settledNow(limiter.consume("w"))).toBe(false)
    store.open()
  })

  const storeRedis = "createStoreLimiter counts every request in Redis, also the unawaited ones"
  itWithBinaries([redisService(REDIS_TEST_URL)], storeRedis, async () => {
    const env = { ...process.env }
    const prefix = `rl:test-store-${process.pid}-${Date.now()}`
    process.env.RATE_LIMIT_REDIS_URL = REDIS_TEST_URL
    process.env.RATE_LIMIT_PREFIX = prefix
    try {
      const limiter = createStoreLimiter({ name: "unit-store", points: 1000, duration: 60 })
      expect(limiter).toBeInstanceOf(LocalFirstLimiter)
      for (let i = 0; i < 25; i++) await limiter.consume("client")
      // Read on the same connection right after: the unawaited consumes were sent before.
      expect((await limiter.get("client"))?.consumedPoints).toBe(25)
      await limiter.delete("client")
      delete process.env.RATE_LIMIT_REDIS_URL
      delete process.env.REDIS_URL
      await closeRateLimitStore()
      expect(createStoreLimiter({ name: "unit-store", points: 5, duration: 60 })).toBeInstanceOf(
        RateLimiterMemory
      )
    } finally {
      await closeRateLimitStore()
      process.env = { ...env }
    }
  })
})
