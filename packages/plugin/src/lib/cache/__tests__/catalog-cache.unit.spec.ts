import { ByteLru } from "../lru"
import { catalogCacheKey, isStockSensitive, normaliseQuery } from "../key"
import { readCatalogCacheOptions } from "../options"
import { CatalogCache } from "../store"
import {
  describeWithBinaries,
  redisService,
} from "../../../../../../integration-tests/helpers/system-binaries"

const REDIS_URL = process.env.CATALOG_CACHE_TEST_REDIS_URL || "redis://127.0.0.1:6379/5"

const get = (url: string, headers: Record<string, string> = {}) =>
  catalogCacheKey({
    method: "GET",
    url,
    headers: { "x-publishable-api-key": "pk_1", ...headers },
  })

describe("catalog cache keys", () => {
  it("sorts query parameters and keeps repeated ones", () => {
    expect(normaliseQuery("b=2&a=1&a=0")).toBe("a=0&a=1&b=2")
    expect(get("/store/products?limit=2&offset=4")).toBe(get("/store/products?offset=4&limit=2"))
    expect(get("/store/products?limit=2")).not.toBe(get("/store/products?limit=3"))
  })

  it("keys by publishable key and locale", () => {
    const base = get("/store/products")
    expect(get("/store/products", { "x-publishable-api-key": "pk_2" })).not.toBe(base)
    expect(get("/store/products", { "x-medusa-locale": "fr-FR" })).not.toBe(base)
  })

  it("knows which responses show stock", () => {
    expect(isStockSensitive("/store/products?fields=%2Bvariants.inventory_quantity")).toBe(true)
    expect(isStockSensitive("/store/products?fields=*variants.calculated_price")).toBe(false)
  })

  it("only caches anonymous catalog GETs", () => {
    for (const path of [
      "/store/products",
      "/store/products/prod_1",
      "/store/product-categories/pcat_1",
      "/store/collections",
      "/store/regions/reg_1",
      "/store/products/prod_1/reviews/summary",
      "/store/reviews/summaries",
    ]) {
      expect(get(path)).toEqual(expect.any(String))
    }
    for (const path of ["/store/carts/cart_1", "/store/customers/me", "/store/orders/o_1"]) {
      expect(get(path)).toBeNull()
    }
    expect(get("/store/products", { authorization: "Bearer x" })).toBeNull()
    expect(get("/store/products", { cookie: "connect.sid=s%3Aabc" })).toBeNull()
    expect(get("/store/products", { cookie: "theme=dark" })).toEqual(expect.any(String))
    expect(
      catalogCacheKey({
        method: "POST",
        url: "/store/products",
        headers: { "x-publishable-api-key": "k" },
      })
    ).toBeNull()
    expect(catalogCacheKey({ method: "GET", url: "/store/products", headers: {} })).toBeNull()
  })
})

describe("ByteLru", () => {
  it("evicts the least recently used entries past its byte budget", () => {
    const lru = new ByteLru<{ size: number }>(100)
    lru.set("a", { size: 20 })
    lru.set("b", { size: 20 })
    lru.set("c", { size: 20 })
    lru.get("a")
    lru.set("d", { size: 20 })
    lru.set("e", { size: 20 })
    lru.set("f", { size: 20 })
    expect(lru.get("b")).toBeUndefined()
    expect(lru.get("a")).toBeDefined()
    expect(lru.byteSize).toBeLessThanOrEqual(100)
  })
})

// Needs the Redis service (skipped without it, a failure under REQUIRE_SYSTEM_BINARIES).
const sharedRedis = "CatalogCache across two processes sharing Redis"
describeWithBinaries([redisService(REDIS_URL)], sharedRedis, () => {
  const prefix = `cache:unit-${process.pid}-${Date.now()}:`
  const options = {
    ...readCatalogCacheOptions({}),
    redisUrl: REDIS_URL,
    prefix,
  }
  let a: CatalogCache
  let b: CatalogCache

  beforeAll(async () => {
    a = new CatalogCache(options)
    b = new CatalogCache(options)
    await new Promise((r) => setTimeout(r, 300))
  })

  afterAll(async () => {
    await a.close()
    await b.close()
  })

  it("shares entries through Redis and drops them everywhere on invalidation", async () => {
    const body = Buffer.from(JSON.stringify({ products: [{ id: "p1" }] }))
    a.set("k1", a.currentGeneration, undefined, body, { "content-type": "application/json" })
    await new Promise((r) => setTimeout(r, 50))
    const fromB = await b.get("k1")
    expect(fromB?.body.equals(body)).toBe(true)
    expect(b.peek("k1")).toBeDefined()

    const started = Date.now()
    await a.invalidate()
    while (b.peek("k1") && Date.now() - started < 1000) {
      await new Promise((r) => setTimeout(r, 10))
    }
    expect(b.peek("k1")).toBeUndefined()
    expect(await b.get("k1")).toBeUndefined()
    expect(b.currentGeneration).toBe(a.currentGeneration)
  })

  it("a stock invalidation drops only responses that show stock", async () => {
    const gen = a.currentGeneration
    a.set("plain", gen, undefined, Buffer.from("{}"), {})
    a.set("stock", gen, a.currentStockGeneration, Buffer.from("{}"), {})
    await new Promise((r) => setTimeout(r, 50))
    expect(await b.get("stock", true)).toBeDefined()
    await a.invalidate("stock")
    expect(a.peek("stock")).toBeUndefined()
    expect(a.peek("plain")).toBeDefined()
    const started = Date.now()
    while (b.peek("stock") && Date.now() - started < 1000) {
      await new Promise((r) => setTimeout(r, 10))
    }
    expect(b.peek("stock")).toBeUndefined()
    expect(await b.get("stock", true)).toBeUndefined()
    expect(await b.get("plain")).toBeDefined()
  })

  it("drops a response computed under a generation that has since moved", async () => {
    const gen = a.currentGeneration
    await b.invalidate()
    const started = Date.now()
    while (a.currentGeneration === gen && Date.now() - started < 1000) {
      await new Promise((r) => setTimeout(r, 10))
    }
    a.set("k2", gen, undefined, Buffer.from("{}"), {})
    expect(a.peek("k2")).toBeUndefined()
    expect(await b.get("k2")).toBeUndefined()
  })

  it("honours an entry's expiry in both tiers and in the other process", async () => {
    const gen = a.currentGeneration
    a.set("soon", gen, undefined, Buffer.from("{}"), {}, undefined, Date.now() + 300)
    await new Promise((r) => setTimeout(r, 50))
    expect(a.peek("soon")).toBeDefined()
    expect(await b.get("soon")).toBeDefined() // copied into b's in-process tier too
    await new Promise((r) => setTimeout(r, 300))
    expect(a.peek("soon")).toBeUndefined()
    expect(b.peek("soon")).toBeUndefined()
    expect(await b.get("soon")).toBeUndefined()
    // already past: answered but never stored
    a.set("past", gen, undefined, Buffer.from("{}"), {}, undefined, Date.now() - 1)
    expect(a.peek("past")).toBeUndefined()
  })
})

describe("CatalogCache expiry", () => {
  it("caps every in-process entry at the maximum age", () => {
    const cache = new CatalogCache({ ...readCatalogCacheOptions({}), ttlSeconds: 1 })
    const now = Date.now()
    const entry = cache.set("k", 0, undefined, Buffer.from("{}"), {})
    expect(entry.expiresAt).toBeGreaterThanOrEqual(now + 1000)
    expect(entry.expiresAt).toBeLessThanOrEqual(Date.now() + 1000)
    const spy = jest.spyOn(Date, "now").mockReturnValue(entry.expiresAt)
    try {
      expect(cache.peek("k")).toBeUndefined()
    } finally {
      spy.mockRestore()
    }
  })

  it("looks the next pricing boundary up once per generation and boundary", async () => {
    const cache = new CatalogCache(readCatalogCacheOptions({}))
    let boundary = Date.now() + 200
    const load = jest.fn(async () => boundary)
    const [x, y] = await Promise.all([cache.expiryFor(load), cache.expiryFor(load)])
    expect(x).toBe(boundary)
    expect(y).toBe(boundary)
    expect(await cache.expiryFor(load)).toBe(boundary)
    expect(load).toHaveBeenCalledTimes(1)
    // a price-list event bumps the generation: looked up again
    await cache.invalidate()
    boundary = Date.now() + 150
    expect(await cache.expiryFor(load)).toBe(boundary)
    expect(load).toHaveBeenCalledTimes(2)
    // the boundary passed: the next one is looked up
    await new Promise((r) => setTimeout(r, 200))
    const next = Date.now() + 60_000
    boundary = next
    expect(await cache.expiryFor(load)).toBe(next)
    expect(load).toHaveBeenCalledTimes(3)
    // none ahead: the maximum age applies
    const none = new CatalogCache(readCatalogCacheOptions({}))
    expect(await none.expiryFor(async () => undefined)).toBe(Infinity)
    // a failed look-up: answer now (the response is not stored), retry next time
    const failing = new CatalogCache(readCatalogCacheOptions({}))
    const before = Date.now()
    expect(
      await failing.expiryFor(async () => Promise.reject(new Error("db down")))
    ).toBeGreaterThanOrEqual(before)
    expect(
      failing.set("k", 0, undefined, Buffer.from("{}"), {}, undefined, Date.now()).expiresAt
    ).toBeLessThanOrEqual(Date.now())
    expect(failing.peek("k")).toBeUndefined()
  })
})
