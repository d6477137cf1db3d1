import Redis from "ioredis"
import { clientIp, closeRateLimitStore, createLimiter } from "../rate-limit"

const REDIS_TEST_URL = process.env.RATE_LIMIT_TEST_REDIS_URL || "redis://127.0.0.1:6379/3"

const req = (remoteAddress: string, ip?: string) => ({ socket: { remoteAddress }, ip }) as any

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

  it("shares counters through Redis when a Redis URL is set", async () => {
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
