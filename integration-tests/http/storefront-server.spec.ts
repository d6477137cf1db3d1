import Medusa, { FetchError } from "@medusajs/js-sdk"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { randomBytes } from "crypto"
import http from "http"
import type { AddressInfo } from "net"
import { getStoreLimiters } from "@commerce-api/plugin/api/middlewares/security-auth"
import { BUYER_IP_HEADER, STOREFRONT_TOKEN_HEADER } from "@commerce-api/plugin/lib/rate-limit"
import { type Demo, findVariants, registerCustomer, seedForTests } from "../helpers/fixtures"

jest.setTimeout(600 * 1000)

const TOKEN = randomBytes(32).toString("hex")

/**
 * A server-rendered storefront the way Medusa's Next.js starter is one: it calls
 * the store API from its own server with @medusajs/js-sdk, the token as a global
 * header and the shopper's IP (here: what its edge put in X-Forwarded-For) per request.
 */
function startStorefront(medusaUrl: string, publishableKey: string, token: string | undefined) {
  const sdk = new Medusa({
    baseUrl: medusaUrl,
    publishableKey,
    globalHeaders: token ? { [STOREFRONT_TOKEN_HEADER]: token } : {},
    auth: { type: "jwt", jwtTokenStorageMethod: "nostore" },
  })
  const routes: Record<string, (headers: Record<string, string>, body: any) => Promise<unknown>> = {
    "GET /regions": (h) => sdk.store.region.list({}, h),
    "GET /products": (h, b) => sdk.store.product.list({ limit: 12, ...b }, h),
    "GET /categories": (h) => sdk.store.category.list({}, h),
    "GET /collections": (h) => sdk.store.collection.list({}, h),
    "POST /cart": (h, b) => sdk.store.cart.create(b, {}, h),
    "POST /cart/items": (h, b) =>
      sdk.store.cart.createLineItem(b.cart_id, { variant_id: b.variant_id, quantity: 1 }, {}, h),
    "GET /cart": (h, b) => sdk.store.cart.retrieve(b.cart_id, {}, h),
    // sdk.auth.login takes no per-request headers; the starter's login action can use the client.
    "POST /login": (h, b) =>
      sdk.client.fetch("/auth/customer/emailpass", { method: "POST", body: b, headers: h }),
  }
  const server = http.createServer((req, res) => {
    let raw = ""
    req.on("data", (c) => (raw += c))
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", "http://storefront")
      const route = routes[`${req.method} ${url.pathname}`]
      const shopper = String(req.headers["x-forwarded-for"] ?? "")
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" })
        res.end(JSON.stringify(body))
      }
      if (!route) return reply(404, {})
      try {
        const input = raw ? JSON.parse(raw) : Object.fromEntries(url.searchParams)
        reply(200, await route({ [BUYER_IP_HEADER]: shopper }, input))
      } catch (err) {
        reply(err instanceof FetchError ? (err.status ?? 500) : 500, { message: String(err) })
      }
    })
  })
  return new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise((r) => server.close(() => r())),
      })
    })
  })
}

/** What a shopper's browser asks the storefront; answers status + body. */
async function visit(
  base: string,
  shopperIp: string,
  method: string,
  path: string,
  input?: Record<string, string | number>
) {
  const get = method === "GET"
  const query = get && input ? `?${new URLSearchParams(input as Record<string, string>)}` : ""
  const res = await fetch(`${base}${path}${query}`, {
    method,
    headers: { "x-forwarded-for": shopperIp, "content-type": "application/json" },
    body: !get && input ? JSON.stringify(input) : undefined,
  })
  return { status: res.status, body: await res.json() }
}

/** A raw request to Medusa from a chosen loopback source address (another client machine). */
function direct(
  url: string,
  from: string,
  headers: Record<string, string>,
  method = "GET",
  body?: object
) {
  return new Promise<number>((resolve, reject) => {
    const data = body ? JSON.stringify(body) : undefined
    const req = http.request(
      url,
      {
        method,
        localAddress: from,
        headers: { ...headers, ...(data ? { "content-type": "application/json" } : {}) },
      },
      (res) => {
        res.resume()
        res.on("end", () => resolve(res.statusCode ?? 0))
      }
    )
    req.on("error", reject)
    req.end(data)
  })
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map(run))
  }
}

medusaIntegrationTestRunner({
  inApp: true,
  // The real defaults (scripts/test.js raises the limits for every other suite).
  env: {
    STOREFRONT_SERVER_TOKEN: TOKEN,
    TRUSTED_PROXIES: "",
    RATE_LIMIT_STORE_POINTS: "600",
    RATE_LIMIT_STORE_DURATION: "60",
    RATE_LIMIT_KEY_POINTS: "600000",
    RATE_LIMIT_KEY_DURATION: "60",
    AUTH_MAX_FAILURES_PER_IP: "100",
    AUTH_MAX_FAILURES_PER_ACCOUNT: "9",
  },
  testSuite: ({ api, getContainer }) => {
    let demo: Demo
    let inStock: Set<string>
    let medusaUrl: string
    let storefront: { url: string; close: () => Promise<void> }
    let shopperSeq = 0
    const nextShopper = () => `203.0.113.${++shopperSeq}`

    beforeAll(async () => {
      demo = await seedForTests(getContainer())
      inStock = new Set((await findVariants(getContainer())).inStock.map((v: any) => v.id))
      const port = new URL(api.defaults.baseURL as string).port
      medusaUrl = `http://127.0.0.1:${port}`
      storefront = await startStorefront(medusaUrl, demo.publishableKey, TOKEN)
    })

    afterAll(async () => {
      await storefront?.close()
    })

    it("lets 50 shoppers behind one storefront server browse and shop without a 429", async () => {
      const statuses: number[] = []
      const shop = async (ip: string) => {
        const step = async (method: string, path: string, body?: Record<string, any>) => {
          const res = await visit(storefront.url, ip, method, path, body)
          statuses.push(res.status)
          return res.body
        }
        const { regions } = await step("GET", "/regions")
        const region_id = regions[0].id
        const { products } = await step("GET", "/products", { region_id })
        await step("GET", "/products", { region_id, offset: 12 })
        await step("GET", "/categories")
        await step("GET", "/collections")
        for (const p of products.slice(0, 6)) {
          await step("GET", "/products", { region_id, handle: p.handle })
        }
        const { cart } = await step("POST", "/cart", { region_id })
        // The demo store has sold-out variants, and the list's order is not fixed: take one in stock.
        const variant = products
          .flatMap((p: any) => p.variants ?? [])
          .find((v: any) => inStock.has(v.id))
        await step("POST", "/cart/items", { cart_id: cart.id, variant_id: variant.id })
        await step("GET", "/cart", { cart_id: cart.id })
        await step("GET", "/products", { region_id })
        await step("GET", "/cart", { cart_id: cart.id })
        // Each shopper spent its own budget (checked inside the 60 s window), not the server's.
        const limiter = getStoreLimiters().ip
        spent.push((await limiter.get(ip))?.consumedPoints ?? 0)
        expect(await limiter.get("127.0.0.1")).toBeNull()
      }
      const spent: number[] = []
      const shoppers = Array.from({ length: 50 }, () => nextShopper())
      await inBatches(shoppers, 5, shop)
      // 16 requests each: 800 that, from one address, would share 600 a minute.
      expect(statuses).toHaveLength(800)
      expect(statuses.filter((s) => s !== 200)).toEqual([])
      expect(spent).toEqual(shoppers.map(() => 16))
    })

    it("throttles an attacker behind the same server alone", async () => {
      const c = await registerCustomer(api, demo.storeHeaders.headers)
      const attacker = nextShopper()
      const shopper = nextShopper()
      const attempts: number[] = []
      for (let i = 0; i < 100; i++) {
        const res = await visit(storefront.url, attacker, "POST", "/login", {
          email: `stuffed-${i}@example.com`,
          password: "Stuffed-Password-1",
        })
        attempts.push(res.status)
      }
      expect(attempts.every((s) => s === 401)).toBe(true)
      const blocked = await visit(storefront.url, attacker, "POST", "/login", {
        email: c.email,
        password: c.password,
      })
      expect(blocked.status).toBe(429)
      // Another shopper on the same storefront server logs in and browses.
      const ok = await visit(storefront.url, shopper, "POST", "/login", {
        email: c.email,
        password: c.password,
      })
      expect(ok.status).toBe(200)
      expect(ok.body.token).toEqual(expect.any(String))
      expect((await visit(storefront.url, shopper, "GET", "/regions")).status).toBe(200)

      // A scraping shopper hits the /store limit (600/min); the others do not.
      const scraper = nextShopper()
      const pages: number[] = []
      await inBatches(Array.from({ length: 601 }), 10, async () => {
        pages.push((await visit(storefront.url, scraper, "GET", "/regions")).status)
      })
      expect(pages.filter((s) => s === 200)).toHaveLength(600)
      expect(pages.filter((s) => s === 429)).toHaveLength(1)
      expect((await visit(storefront.url, shopper, "GET", "/regions")).status).toBe(200)
    })

    it("ignores a forged buyer-IP header without the token", async () => {
      const key = { "x-publishable-api-key": demo.publishableKey }
      const forger = "127.0.0.5"
      for (const forged of [undefined, "not-the-token", TOKEN.slice(0, -1)]) {
        const headers: Record<string, string> = { ...key, [BUYER_IP_HEADER]: "198.51.100.77" }
        if (forged) headers[STOREFRONT_TOKEN_HEADER] = forged
        expect(await direct(`${medusaUrl}/store/regions`, forger, headers)).toBe(200)
      }
      const limiter = getStoreLimiters().ip
      // Counted against the caller's own address, never the claimed one.
      expect((await limiter.get(forger))?.consumedPoints).toBe(3)
      expect(await limiter.get("198.51.100.77")).toBeNull()

      // Rotating forged addresses does not escape the brute-force limit either.
      const logins: number[] = []
      for (let i = 0; i < 101; i++) {
        logins.push(
          await direct(
            `${medusaUrl}/auth/customer/emailpass`,
            forger,
            { [BUYER_IP_HEADER]: `198.51.100.${i + 1}`, [STOREFRONT_TOKEN_HEADER]: "guess" },
            "POST",
            { email: `forger-${i}@example.com`, password: "Forged-Password-1" }
          )
        )
      }
      expect(logins.slice(0, 100).every((s) => s === 401)).toBe(true)
      expect(logins[100]).toBe(429)
    })

    it("answers 400 when the storefront server sends something that is not one IP", async () => {
      const res = await fetch(`${medusaUrl}/store/regions`, {
        headers: {
          "x-publishable-api-key": demo.publishableKey,
          [STOREFRONT_TOKEN_HEADER]: TOKEN,
          [BUYER_IP_HEADER]: "203.0.113.9, 10.0.0.1",
        },
      })
      expect(res.status).toBe(400)
      expect(await res.json()).toEqual({
        type: "invalid_data",
        message: `${BUYER_IP_HEADER} must be a single IPv4 or IPv6 address`,
      })
    })

    it("does not cap the store at the old per-key limit: 7,000 requests on one key in a minute", async () => {
      const headers = (ip: string) => ({
        "x-publishable-api-key": demo.publishableKey,
        [STOREFRONT_TOKEN_HEADER]: TOKEN,
        [BUYER_IP_HEADER]: ip,
      })
      const shoppers = Array.from({ length: 70 }, (_, i) => `192.0.2.${i + 1}`)
      // The key's window starts now, so the old default (6,000 per 60 s) would refuse the 6,001st.
      await getStoreLimiters().key.delete(demo.publishableKey)
      const agent = new http.Agent({ keepAlive: true, maxSockets: 8 })
      const statuses: number[] = []
      try {
        await inBatches(
          shoppers.flatMap((ip) => Array.from({ length: 100 }, () => ip)),
          8,
          async (ip) => {
            statuses.push(
              await new Promise<number>((resolve, reject) => {
                http
                  .get(`${medusaUrl}/store/regions`, { agent, headers: headers(ip) }, (res) => {
                    res.resume()
                    res.on("end", () => resolve(res.statusCode ?? 0))
                  })
                  .on("error", reject)
              })
            )
          }
        )
      } finally {
        agent.destroy()
      }
      expect(statuses).toHaveLength(7000)
      expect(statuses.filter((s) => s !== 200)).toEqual([])
      // All of them in one window of the per-key counter.
      const counted = await getStoreLimiters().key.get(demo.publishableKey)
      expect(counted?.consumedPoints).toBeGreaterThanOrEqual(7000)
    })
  },
})
