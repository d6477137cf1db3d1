import Redis from "ioredis"
import {
  BUYER_IP_HEADER,
  buyerIpProblem,
  clientIp,
  closeRateLimitStore,
  createLimiter,
  isStorefrontServer,
  STOREFRONT_TOKEN_HEADER,
} from "../rate-limit"
import { productionProblems, readSettings } from "../settings"
import {
  itWithBinaries,
  redisService,
} from "../../../../../integration-tests/helpers/system-binaries"

const REDIS_TEST_URL = process.env.RATE_LIMIT_TEST_REDIS_URL || "redis://127.0.0.1:6379/3"

const req = (remoteAddress: string, ip?: string, headers: Record<string, string> = {}) =>
  ({ socket: { remoteAddress }, ip, headers }) as any

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
