/**
 * The scale-out topology (`npm run topology`): nginx → 2 API servers + 1 worker on one
 * Postgres and one Redis. Run with `npm run test:topology` (CI runs it after `npm test`).
 */
import { ChildProcess, spawn } from "child_process"
import fs from "fs"
import os from "os"
import path from "path"
import Redis from "ioredis"
import { Client } from "pg"
import { describeWithBinaries, redisService } from "../helpers/system-binaries"
import { verifyWebhook, WebhookReceiver } from "../helpers/webhook-receiver"

jest.setTimeout(25 * 60 * 1000)

const root = path.resolve(__dirname, "../..")
const port = Number(process.env.TOPOLOGY_TEST_PORT || 9450)
const dbName = "commerce_topology_test"
const redisUrl = process.env.TOPOLOGY_TEST_REDIS_URL || "redis://127.0.0.1:6379/9"
const stateFile = path.join(os.tmpdir(), `topology-test-${process.pid}.json`)
const pgConfig = {
  host: process.env.DB_HOST || "localhost",
  port: Number(process.env.DB_PORT || 5432),
  user: process.env.DB_USERNAME || "postgres",
  password: process.env.DB_PASSWORD || "",
}

type State = {
  baseUrl: string
  publishableKey: string
  adminEmail: string
  adminPassword: string
  processes: { name: string; role: string; port: number; pid: number; log: string }[]
}

let topology: ChildProcess
/** The worker this suite starts after killing the topology's own (webhooks case). */
let replacementWorker: ChildProcess | null = null
const receiver = new WebhookReceiver()
// Webhook delivery tuned for the suite: fast polls, 2 s timeouts (a 14 s lease).
const webhookEnv = {
  WEBHOOKS_ALLOWED_TARGETS: "127.0.0.1",
  WEBHOOKS_POLL_INTERVAL_MS: "250",
  WEBHOOKS_TIMEOUT_MS: "2000",
}
let state: State
let adminToken: string
let regionId: string

const address = {
  first_name: "Ada",
  last_name: "Racer",
  address_1: "Keizersgracht 1",
  city: "Amsterdam",
  country_code: "nl",
  postal_code: "1015",
}

const serverUrl = (i: number) =>
  `http://localhost:${state.processes.filter((p) => p.role === "server")[i].port}`

async function call(base: string, method: string, url: string, body?: unknown, admin = false) {
  const headers: Record<string, string> = { "content-type": "application/json" }
  if (admin) headers.authorization = `Bearer ${adminToken}`
  else headers["x-publishable-api-key"] = state.publishableKey
  const res = await fetch(base + url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  let data: any = text
  try {
    data = JSON.parse(text)
  } catch {
    // non-JSON (e.g. nginx 502 page)
  }
  return { status: res.status, data }
}

async function ok(base: string, method: string, url: string, body?: unknown, admin = false) {
  const r = await call(base, method, url, body, admin)
  if (r.status >= 300) throw new Error(`${method} ${url} → ${r.status} ${JSON.stringify(r.data)}`)
  return r.data
}

/** A cart ready to complete: one unit of the variant, address, shipping, payment session. */
async function readyCart(base: string, variantId: string) {
  const { cart } = await ok(base, "POST", "/store/carts", { region_id: regionId })
  await ok(base, "POST", `/store/carts/${cart.id}/line-items`, {
    variant_id: variantId,
    quantity: 1,
  })
  await ok(base, "POST", `/store/carts/${cart.id}`, {
    email: `buyer-${cart.id}@example.com`,
    shipping_address: address,
    billing_address: address,
  })
  const { shipping_options } = await ok(base, "GET", `/store/shipping-options?cart_id=${cart.id}`)
  await ok(base, "POST", `/store/carts/${cart.id}/shipping-methods`, {
    option_id: shipping_options[0].id,
  })
  const { payment_collection } = await ok(base, "POST", "/store/payment-collections", {
    cart_id: cart.id,
  })
  await ok(base, "POST", `/store/payment-collections/${payment_collection.id}/payment-sessions`, {
    provider_id: "pp_system_default",
  })
  return cart.id as string
}

async function inventoryOf(sku: string) {
  const { inventory_items } = await ok(
    state.baseUrl,
    "GET",
    `/admin/inventory-items?sku=${encodeURIComponent(sku)}&fields=id,sku,*location_levels`,
    undefined,
    true
  )
  return inventory_items[0]
}

async function pgQuery(sql: string, params: unknown[] = []) {
  const client = new Client({ ...pgConfig, database: dbName })
  await client.connect()
  try {
    return (await client.query(sql, params)).rows
  } finally {
    await client.end()
  }
}

// nginx and a running Redis service; without them the suite is skipped (fails under CI).
describeWithBinaries(["nginx", redisService(redisUrl)], "topology (nginx + Redis)", () => {
  beforeAll(async () => {
    await receiver.start()
    const admin = new Client({ ...pgConfig, database: "postgres" })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)
    await admin.end()
    const redis = new Redis(redisUrl)
    await redis.flushdb()
    redis.disconnect()

    topology = spawn(process.execPath, [path.join(root, "scripts/topology.js")], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        TOPOLOGY_PORT: String(port),
        TOPOLOGY_DB: dbName,
        TOPOLOGY_STATE: stateFile,
        REDIS_URL: redisUrl,
        DATABASE_URL: `postgres://${pgConfig.user}${pgConfig.password ? ":" + pgConfig.password : ""}@${pgConfig.host}:${pgConfig.port}/${dbName}`,
        WORKER_HEARTBEAT_INTERVAL_MS: "1000",
        ...webhookEnv,
        RATE_LIMIT_STORE_POINTS: "100000000",
        RATE_LIMIT_KEY_POINTS: "100000000",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    })
    let output = ""
    topology.stdout!.on("data", (d) => (output += d))
    topology.stderr!.on("data", (d) => (output += d))
    const deadline = Date.now() + 12 * 60 * 1000
    while (!fs.existsSync(stateFile)) {
      if (topology.exitCode !== null) throw new Error(`topology exited:\n${output.slice(-4000)}`)
      if (Date.now() > deadline) throw new Error(`topology not up:\n${output.slice(-4000)}`)
      await new Promise((r) => setTimeout(r, 1000))
    }
    state = JSON.parse(fs.readFileSync(stateFile, "utf8"))
    const login = await fetch(`${state.baseUrl}/auth/user/emailpass`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: state.adminEmail, password: state.adminPassword }),
    })
    adminToken = (await login.json()).token
    const { regions } = await ok(state.baseUrl, "GET", "/store/regions")
    regionId = regions.find((r: any) => r.currency_code === "eur").id
  })

  afterAll(async () => {
    if (replacementWorker && replacementWorker.exitCode === null) {
      const exited = new Promise((r) => replacementWorker!.once("exit", r))
      replacementWorker.kill("SIGTERM")
      await exited
    }
    await receiver.stop()
    if (topology && topology.exitCode === null) {
      const exited = new Promise((r) => topology.once("exit", r))
      topology.kill("SIGTERM")
      await exited
    }
  })

  describe("scale-out topology", () => {
    it("serves the store through nginx and each server, with the worker running no API", async () => {
      const viaNginx = await ok(state.baseUrl, "GET", "/store/products?limit=1")
      expect(viaNginx.count).toBeGreaterThanOrEqual(40)
      for (const i of [0, 1]) {
        const direct = await ok(serverUrl(i), "GET", "/store/products?limit=1")
        expect(direct.count).toBe(viaNginx.count)
      }
      const worker = state.processes.find((p) => p.role === "worker")!
      const workerApi = await call(`http://localhost:${worker.port}`, "GET", "/store/products")
      expect(workerApi.status).toBe(404)
    })

    it("sells the last 3 units exactly once to 50 racing buyers across both servers", async () => {
      const { products } = await ok(
        state.baseUrl,
        "GET",
        "/store/products?handle=urban-sneakers&fields=*variants"
      )
      const variant = products[0].variants[0]
      const item = await inventoryOf(variant.sku)
      const level = item.location_levels[0]
      await ok(
        state.baseUrl,
        "POST",
        `/admin/inventory-items/${item.id}/location-levels/${level.location_id}`,
        { stocked_quantity: 3 },
        true
      )
      const buyers = Array.from({ length: 50 }, (_, i) => i)
      const carts: string[] = []
      // Prepare in small batches so setup itself is not the thing under test.
      for (let i = 0; i < buyers.length; i += 25) {
        carts.push(
          ...(await Promise.all(
            buyers.slice(i, i + 25).map((b) => readyCart(serverUrl(b % 2), variant.id))
          ))
        )
      }
      const results = await Promise.all(
        carts.map((id, b) => call(serverUrl(b % 2), "POST", `/store/carts/${id}/complete`))
      )
      const orders = results.filter((r) => r.status === 200 && r.data.type === "order")
      expect(results.filter((r) => r.status >= 500)).toEqual([])
      expect(orders).toHaveLength(3)
      const after = await inventoryOf(variant.sku)
      const l = after.location_levels[0]
      expect(l.stocked_quantity - l.reserved_quantity).toBe(0)
      const rows = await pgQuery(
        `SELECT count(DISTINCT o.id)::int AS n FROM "order" o
         JOIN order_item oi ON oi.order_id = o.id
         JOIN order_line_item li ON li.id = oi.item_id
        WHERE li.variant_id = $1 AND o.deleted_at IS NULL`,
        [variant.id]
      )
      expect(rows[0].n).toBe(3)

      // Subscribers run on the worker only.
      const ids = orders.map((o) => o.data.order.id)
      const logOf = (name: string) =>
        fs.readFileSync(state.processes.find((p) => p.name === name)!.log, "utf8")
      const deadline = Date.now() + 30000
      while (!ids.every((id) => logOf("worker").includes(`order.placed handled: ${id}`))) {
        if (Date.now() > deadline) throw new Error("the worker did not handle order.placed")
        await new Promise((r) => setTimeout(r, 500))
      }
      expect(logOf("server-1")).not.toContain("order.placed handled")
      expect(logOf("server-2")).not.toContain("order.placed handled")
    })

    it("runs scheduled jobs on the worker only", async () => {
      const redis = new Redis(redisUrl)
      try {
        const worker = state.processes.find((p) => p.role === "worker")!
        const deadline = Date.now() + 30000
        let beat: any = null
        while (!beat || beat.pid === undefined) {
          const keys = await redis.keys("*commerce:worker-heartbeat")
          if (keys.length) beat = JSON.parse((await redis.get(keys[0])) || "null")
          if (Date.now() > deadline) throw new Error("no worker heartbeat in Redis")
          if (!beat) await new Promise((r) => setTimeout(r, 500))
        }
        expect(beat.mode).toBe("worker")
        expect(beat.pid).toBe(worker.pid)
        const first = beat.at
        await new Promise((r) => setTimeout(r, 2500))
        const keys = await redis.keys("*commerce:worker-heartbeat")
        const next = JSON.parse((await redis.get(keys[0])) || "null")
        expect(next.at > first).toBe(true)
        expect(next.mode).toBe("worker")
      } finally {
        redis.disconnect()
      }
    })

    it("shows an admin change on every server within a second", async () => {
      const { products } = await ok(state.baseUrl, "GET", "/store/products?handle=alpine-cap")
      const id = products[0].id
      // Warm both servers (and any cache they keep).
      for (const i of [0, 1, 0, 1]) await ok(serverUrl(i), "GET", `/store/products/${id}`)
      const title = `Alpine Cap ${Date.now()}`
      await ok(serverUrl(0), "POST", `/admin/products/${id}`, { title }, true)
      const changedAt = Date.now()
      const seen = await Promise.all(
        [0, 1].map(async (i) => {
          while (Date.now() - changedAt < 5000) {
            const r = await ok(serverUrl(i), "GET", `/store/products/${id}`)
            if (r.product.title === title) return Date.now() - changedAt
            await new Promise((res) => setTimeout(res, 50))
          }
          return Infinity
        })
      )
      expect(Math.max(...seen)).toBeLessThanOrEqual(1000)
    })

    it("shows a scheduled sale on both servers within a second of its start and its end", async () => {
      // Time-aware catalog cache across processes: nothing announces a price list's start or
      // end, so each server's cached entries must expire at the boundary by themselves.
      // A product no other case touches.
      const { products } = await ok(state.baseUrl, "GET", "/store/products?limit=1&offset=20")
      const id = products[0].id
      const path = `/store/products/${id}?region_id=${regionId}&fields=*variants.calculated_price`
      const priceOn = async (i: number) => {
        const res = await fetch(serverUrl(i) + path, {
          headers: { "x-publishable-api-key": state.publishableKey },
        })
        const body = await res.json()
        return {
          price: body.product.variants[0].calculated_price.calculated_amount as number,
          cache: res.headers.get("x-cache"),
        }
      }
      const base = (await priceOn(0)).price
      const sale = Math.max(1, Math.round(base / 2))
      const { product } = await ok(state.baseUrl, "GET", `/store/products/${id}?fields=*variants`)
      const startsAt = Date.now() + 6000
      const endsAt = startsAt + 6000
      await ok(
        serverUrl(0),
        "POST",
        "/admin/price-lists",
        {
          title: "Topology flash sale",
          description: "scheduled",
          type: "sale",
          status: "active",
          starts_at: new Date(startsAt).toISOString(),
          ends_at: new Date(endsAt).toISOString(),
          prices: [{ variant_id: product.variants[0].id, currency_code: "eur", amount: sale }],
        },
        true
      )
      const samples: { server: number; t0: number; t1: number; price: number; hit: boolean }[] = []
      while (Date.now() < endsAt + 3000) {
        for (const server of [0, 1]) {
          const t0 = Date.now()
          const { price, cache } = await priceOn(server)
          samples.push({ server, t0, t1: Date.now(), price, hit: cache === "HIT" })
        }
        await new Promise((r) => setTimeout(r, 100))
      }
      // Within 1 s of a boundary either price may show; outside it only the right one.
      const settled = samples.filter(
        (s) => ![startsAt, endsAt].some((b) => s.t1 >= b && s.t0 <= b + 1000)
      )
      const expected = (s: (typeof samples)[number]) =>
        s.t0 > startsAt && s.t1 < endsAt ? sale : base
      expect(settled.filter((s) => s.price !== expected(s))).toEqual([])
      for (const server of [0, 1]) {
        const mine = settled.filter((s) => s.server === server)
        expect(mine.some((s) => s.t0 > startsAt + 1000 && s.t1 < endsAt)).toBe(true)
        expect(mine.some((s) => s.t0 > endsAt + 1000)).toBe(true)
        // The cache was in play: hits on both sides of the start.
        expect(mine.some((s) => s.hit && s.t1 < startsAt)).toBe(true)
        expect(mine.some((s) => s.hit && s.t0 > startsAt + 1000 && s.t1 < endsAt)).toBe(true)
      }
    })

    it("webhooks: each event once from two servers + a worker; a worker SIGKILLed mid-delivery loses nothing", async () => {
      const { webhook, secret } = await ok(
        state.baseUrl,
        "POST",
        "/admin/webhooks",
        { url: receiver.url("/topology"), events: ["order.placed", "product.updated"] },
        true
      )
      const { products } = await ok(
        state.baseUrl,
        "GET",
        "/store/products?handle=nordic-mug&fields=*variants"
      )
      const variantId = products[0].variants[0].id
      // Four orders, two through each server: each reaches the receiver exactly once.
      const orderIds: string[] = []
      for (const i of [0, 1, 0, 1]) {
        const cartId = await readyCart(serverUrl(i), variantId)
        orderIds.push((await ok(serverUrl(i), "POST", `/store/carts/${cartId}/complete`)).order.id)
      }
      await receiver.waitFor(() => receiver.at("/topology").length >= 4, 60000, "four orders")
      await new Promise((r) => setTimeout(r, 3000))
      const got = receiver.at("/topology")
      expect(got.map((r) => (verifyWebhook(secret, r) as any).data.id).sort()).toEqual(
        [...orderIds].sort()
      )
      expect(new Set(got.map((r) => r.headers["webhook-id"])).size).toBe(4)

      // The worker is SIGKILLed while the receiver holds the request open; a new worker
      // delivers the event again (same webhook-id) once the lease ran out.
      receiver.behave("/topology", (_req, nth) => (nth === 5 ? "hang" : 200))
      await ok(
        serverUrl(0),
        "POST",
        `/admin/products/${products[0].id}`,
        { subtitle: "hooked" },
        true
      )
      const hung = await receiver.waitFor(() => receiver.at("/topology")[4], 60000, "the update")
      const worker = state.processes.find((p) => p.role === "worker")!
      process.kill(worker.pid, "SIGKILL")
      const killedAt = Date.now()
      const secrets = JSON.parse(
        fs.readFileSync(path.join(root, ".data", "topology-secrets.json"), "utf8")
      )
      const log = fs.openSync(path.join(os.tmpdir(), `topology-worker-2-${process.pid}.log`), "a")
      replacementWorker = spawn(path.join(root, "node_modules", ".bin", "medusa"), ["start"], {
        cwd: path.join(root, ".medusa", "server"),
        env: {
          ...process.env,
          NODE_ENV: "production",
          PORT: String(port + 4),
          MEDUSA_WORKER_MODE: "worker",
          ADMIN_DISABLED: "true",
          DATABASE_URL: (state as any).databaseUrl,
          REDIS_URL: redisUrl,
          JWT_SECRET: secrets.jwtSecret,
          COOKIE_SECRET: secrets.cookieSecret,
          LOG_LEVEL: "info",
          ...webhookEnv,
        },
        stdio: ["ignore", log, log],
      })
      const again = await receiver.waitFor(
        () => receiver.at("/topology")[5],
        240000,
        "the redelivery after the restart"
      )
      expect(again.headers["webhook-id"]).toBe(hung.headers["webhook-id"])
      expect(verifyWebhook(secret, again)).toMatchObject({
        type: "product.updated",
        data: { id: products[0].id },
      })
      // The killed attempt left no record; the one after the restart succeeded.
      for (const until = Date.now() + 30000; Date.now() < until;) {
        const [row] = await pgQuery(`SELECT status FROM webhook_delivery WHERE message_id = $1`, [
          hung.headers["webhook-id"],
        ])
        if (row?.status === "succeeded") break
        await new Promise((r) => setTimeout(r, 250))
      }
      const finals = await pgQuery(
        `SELECT d.status, d.attempts, count(a.id)::int AS logged
           FROM webhook_delivery d LEFT JOIN webhook_attempt a ON a.delivery_id = d.id
          WHERE d.message_id = $1 GROUP BY d.id`,
        [hung.headers["webhook-id"]]
      )
      expect(finals).toEqual([{ status: "succeeded", attempts: 1, logged: 1 }])
      process.stdout.write(
        `[topology] webhook redelivered ${again.at - killedAt} ms after the worker was killed\n`
      )
      await ok(state.baseUrl, "DELETE", `/admin/webhooks/${webhook.id}`, undefined, true)
    })

    it("loses no placed order when one server is killed mid-load, and keeps serving", async () => {
      const { products } = await ok(
        state.baseUrl,
        "GET",
        "/store/products?handle=nordic-mug&fields=*variants"
      )
      const variantId = products[0].variants[0].id
      const victim = state.processes.find((p) => p.name === "server-1")!
      const confirmed: string[] = []
      const failures: string[] = []

      async function withRetry<T>(fn: () => Promise<T>): Promise<T> {
        // What a storefront does on a 502: try again (nginx routes it to the live server).
        for (let attempt = 0; ; attempt++) {
          try {
            return await fn()
          } catch (e) {
            if (attempt >= 40) throw e
            await new Promise((r) => setTimeout(r, 500))
          }
        }
      }

      const buyer = async (n: number) => {
        await new Promise((r) => setTimeout(r, n * 40))
        try {
          const cartId = await withRetry(() => readyCart(state.baseUrl, variantId))
          const done = await withRetry(() =>
            ok(state.baseUrl, "POST", `/store/carts/${cartId}/complete`)
          )
          if (done.type === "order") confirmed.push(done.order.id)
        } catch (e: any) {
          failures.push(e.message)
        }
      }
      const load = Promise.all(Array.from({ length: 30 }, (_, n) => buyer(n)))
      await new Promise((r) => setTimeout(r, 700))
      process.kill(victim.pid, "SIGKILL")
      await load

      expect(failures).toEqual([])
      expect(confirmed).toHaveLength(30)
      const rows = await pgQuery(`SELECT id FROM "order" WHERE id = ANY($1)`, [confirmed])
      expect(rows).toHaveLength(30)
      for (let i = 0; i < 10; i++) {
        const r = await call(state.baseUrl, "GET", "/store/products?limit=1")
        expect(r.status).toBe(200)
      }
    })
  })
})
