/**
 * `npm run backup` / `npm run restore` round-trip a live store (decision 0196): the production
 * build on a seeded database takes orders, reviews and wishlists; a backup is taken while guest
 * checkouts keep running; the backup is restored into a fresh database and a second production
 * server is started on it. Everything committed before the backup started must read back
 * byte-identical through the API, and the restored store must take new orders.
 */
import { spawn } from "child_process"
import fs from "fs"
import os from "os"
import path from "path"
import axios, { type AxiosInstance } from "axios"
import { Client } from "pg"
import { type BuiltServer, ensureProductionBuild, startBuiltServer } from "../helpers/built-server"
import { cartReadyToComplete } from "../helpers/fixtures"

jest.setTimeout(30 * 60 * 1000)

const root = path.resolve(__dirname, "..", "..")
type Headers = Record<string, string>
type Shopper = { email: string; password: string; id: string; headers: Headers }

/** Runs one of our CLIs without blocking the event loop (the writers keep going meanwhile). */
function runScript(script: string, args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "scripts", script), ...args], {
      cwd: root,
      // No inherited --experimental-vm-modules (jest's), which would warn on stderr.
      env: { ...process.env, DATABASE_URL: "", NODE_OPTIONS: "" },
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d) => (stdout += d))
    child.stderr.on("data", (d) => (stderr += d))
    child.on("exit", (code) => resolve({ code, stdout, stderr }))
  })
}

function dbClient(database: string) {
  return new Client({
    host: process.env.DB_HOST || "localhost",
    port: Number(process.env.DB_PORT || 5432),
    user: process.env.DB_USERNAME || "postgres",
    password: process.env.DB_PASSWORD || undefined,
    database,
  })
}

describe("backup and restore of a live store (production build)", () => {
  let source: BuiltServer
  let restored: BuiltServer | undefined
  let api: AxiosInstance
  let store: Headers
  let admin: Headers
  let regionId: string
  let variants: { productId: string; variantId: string }[]
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "commerce-backup-test-"))
  const targetDb = `restored_${process.pid}_${Date.now()}`

  beforeAll(async () => {
    ensureProductionBuild((m) => process.stdout.write(`[backup-restore] ${m}\n`))
    source = await startBuiltServer()
    api = axios.create({ baseURL: source.baseUrl })
    store = { "x-publishable-api-key": source.publishableKey }
    admin = await adminLogin(api, source)
    const regions = (await api.get("/store/regions", { headers: store })).data.regions
    regionId = regions.find((r: { currency_code: string }) => r.currency_code === "eur").id
    const listed = (
      await api.get(
        `/store/products?limit=48&fields=+variants.inventory_quantity&region_id=${regionId}`,
        { headers: store }
      )
    ).data.products as { id: string; variants: { id: string; inventory_quantity: number }[] }[]
    variants = listed
      .filter((p) => (p.variants[0]?.inventory_quantity ?? 0) >= 50)
      .map((p) => ({ productId: p.id, variantId: p.variants[0].id }))
    expect(variants.length).toBeGreaterThanOrEqual(4)
  })

  afterAll(async () => {
    await restored?.stop()
    if (!restored) {
      const c = dbClient("postgres")
      await c.connect()
      await c.query(`drop database if exists "${targetDb}" with (force)`)
      await c.end()
    }
    await source?.stop()
    fs.rmSync(outDir, { recursive: true, force: true })
  })

  async function adminLogin(client: AxiosInstance, server: BuiltServer): Promise<Headers> {
    const login = await client.post("/auth/user/emailpass", {
      email: server.adminEmail,
      password: server.adminPassword,
    })
    return { authorization: `Bearer ${login.data.token}` }
  }

  async function customerLogin(client: AxiosInstance, s: { email: string; password: string }) {
    const login = await client.post("/auth/customer/emailpass", s)
    return { ...store, authorization: `Bearer ${login.data.token}` }
  }

  async function registerShopper(i: number): Promise<Shopper> {
    const email = `backup-shopper-${i}-${Date.now()}@example.com`
    const password = "Correct-Horse-Battery-9"
    const reg = await api.post("/auth/customer/emailpass/register", { email, password })
    await api.post(
      "/store/customers",
      { email, first_name: `Ada ${i}`, last_name: 'Lovelace "Tab"\there\nnew line ✓' },
      { headers: { ...store, authorization: `Bearer ${reg.data.token}` } }
    )
    const headers = await customerLogin(api, { email, password })
    const me = (await api.get("/store/customers/me", { headers })).data.customer
    return { email, password, id: me.id, headers }
  }

  async function checkout(headers: Headers, variantId: string, email?: string) {
    const cart = await cartReadyToComplete(api, { headers }, { regionId, variantId, email })
    const done = await api.post(`/store/carts/${cart.id}/complete`, {}, { headers })
    expect(done.data.type).toBe("order")
    return done.data.order.id as string
  }

  /** What the API says about each thing we check, as the JSON text it sends. */
  async function snapshot(client: AxiosInstance, adminHeaders: Headers, ids: Snapshot["ids"]) {
    const text = (d: unknown) => JSON.stringify(d)
    const orders: Record<string, string> = {}
    for (const id of ids.orders) {
      orders[id] = text((await client.get(`/admin/orders/${id}`, { headers: adminHeaders })).data)
    }
    const customers: Record<string, string> = {}
    for (const id of ids.customers) {
      customers[id] = text(
        (await client.get(`/admin/customers/${id}`, { headers: adminHeaders })).data
      )
    }
    const wishlists: Record<string, string> = {}
    for (const s of ids.shoppers) {
      const headers = await customerLogin(client, s)
      wishlists[s.email] = text(
        (await client.get(`/store/customers/me/wishlist?region_id=${regionId}`, { headers })).data
      )
    }
    // Every review of the products ours went to (the demo's included); 100 is the API's cap.
    const products = ids.reviewedProducts.map((p) => `product_id[]=${p}`).join("&")
    const reviews = text(
      (
        await client.get(`/admin/reviews?limit=100&order=-created_at&${products}`, {
          headers: adminHeaders,
        })
      ).data
    )
    return { orders, customers, wishlists, reviews }
  }
  type Snapshot = {
    ids: { orders: string[]; customers: string[]; shoppers: Shopper[]; reviewedProducts: string[] }
  }

  it("restores every order, customer, review and wishlist item committed before the backup, and takes new orders", async () => {
    // 1. A store with history: registered shoppers with orders, reviews and wishlists.
    const shoppers: Shopper[] = []
    const orderIds: string[] = []
    for (let i = 0; i < 3; i++) {
      const s = await registerShopper(i)
      shoppers.push(s)
      const v = variants[i]
      orderIds.push(await checkout(s.headers, v.variantId))
      const review = await api.post(
        `/store/products/${v.productId}/reviews`,
        { rating: 5 - i, title: `Review ${i}`, body: `Körper\tund "Geist" — line one\nline two\\` },
        { headers: s.headers }
      )
      expect(review.status).toBe(201)
      for (const w of [variants[(i + 1) % variants.length], variants[(i + 2) % variants.length]]) {
        await api.post(
          "/store/customers/me/wishlist/items",
          { variant_id: w.variantId },
          { headers: s.headers }
        )
      }
    }
    await api.post("/store/customers/me/wishlist/share", {}, { headers: shoppers[0].headers })
    for (let i = 0; i < 3; i++) {
      orderIds.push(await checkout(store, variants[i].variantId, `guest-pre-${i}@example.com`))
    }

    // 2. Guest checkouts that keep running until the backup is done.
    let writing = true
    // `at`: when the step was answered; `completeSentAt`: when the completion was sent.
    const writes: { at: number; orderId?: string; completeSentAt?: number }[] = []
    const writerErrors: string[] = []
    // The writers' requests (each one a write: cart, line item, addresses, shipping, payment
    // session, completion): how many are in flight, and when each was answered.
    let inFlight = 0
    const answeredAt: number[] = []
    const wapi = axios.create({ baseURL: source.baseUrl })
    const answered = () => {
      inFlight--
      answeredAt.push(Date.now())
    }
    wapi.interceptors.request.use((config) => {
      inFlight++
      return config
    })
    wapi.interceptors.response.use(
      (res) => {
        answered()
        return res
      },
      (e) => {
        answered()
        return Promise.reject(e)
      }
    )
    const writeOnce = async (n: number, i: number) => {
      const headers = { ...store }
      const cart = await cartReadyToComplete(
        wapi,
        { headers },
        {
          regionId,
          variantId: variants[(n + i) % variants.length].variantId,
          email: `guest-during-${n}-${i}@example.com`,
        }
      )
      const completeSentAt = Date.now()
      writes.push({ at: completeSentAt })
      const done = await wapi.post(`/store/carts/${cart.id}/complete`, {}, { headers })
      writes.push({ at: Date.now(), orderId: done.data.order.id, completeSentAt })
    }
    const writer = async (n: number) => {
      for (let i = 0; writing; i++) {
        await writeOnce(n, i).catch((e: Error) => {
          writerErrors.push(e.message)
          writing = false
        })
      }
    }
    const writers = [writer(0), writer(1), writer(2)]
    let backup: Awaited<ReturnType<typeof runScript>>
    let before: Awaited<ReturnType<typeof snapshot>>
    let ids: Snapshot["ids"]
    let ordersBefore: string[]
    const during = { answered: 0, samplesInFlight: 0, samples: 0 }
    let snapshotTakenBefore: number | undefined
    try {
      while (writes.length < 2 && writing) await new Promise((r) => setTimeout(r, 100))

      // 3. Everything committed so far, read through the API before the backup starts.
      const customerIds = [
        ...shoppers.map((s) => s.id),
        ...(await Promise.all(
          orderIds.map(
            async (id) =>
              (await api.get(`/admin/orders/${id}?fields=id,customer_id`, { headers: admin })).data
                .order.customer_id as string
          )
        )),
      ]
      ids = {
        orders: orderIds,
        customers: [...new Set(customerIds)],
        shoppers,
        reviewedProducts: variants.slice(0, 3).map((v) => v.productId),
      }
      before = await snapshot(api, admin, ids)
      ordersBefore = writes.filter((w) => w.orderId).map((w) => w.orderId as string)

      // 4. The backup, while the writers keep committing checkouts. A stand-in for a migration
      // holds one table the checkout never touches, so the backup (whose snapshot is taken by
      // its first query) waits on its table locks until checkouts have been completed after
      // its snapshot: on a starved machine a fast backup could otherwise end between answers.
      const holder = new Client({ connectionString: source.databaseUrl })
      const watcher = new Client({ connectionString: source.databaseUrl })
      await holder.connect()
      await watcher.connect()
      try {
        await holder.query("begin")
        await holder.query("lock table mikro_orm_migrations in access exclusive mode")
        const started = Date.now()
        const sampler = setInterval(() => {
          during.samples++
          if (inFlight > 0) during.samplesInFlight++
        }, 10)
        const running = runScript("backup.js", [
          "--out",
          outDir,
          "--database-url",
          source.databaseUrl,
        ])
        // Well inside the backup's lock_timeout (60 s).
        const until = async (what: string, test: () => Promise<boolean> | boolean) => {
          const deadline = Date.now() + 25_000
          while (!(await test())) {
            if (Date.now() > deadline || !writing) {
              throw new Error(`timed out: ${what} (writer errors: ${writerErrors.join("; ")})`)
            }
            await new Promise((r) => setTimeout(r, 50))
          }
        }
        try {
          await until("the backup waits on its table locks", async () => {
            // Not on `holder`: a transaction sees pg_stat_activity as of its first look.
            const r = await watcher.query(
              `select count(*)::int as n from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock'
                  and query ilike 'lock table %'`
            )
            return r.rows[0].n > 0
          })
          snapshotTakenBefore = Date.now()
          await until("a checkout completed after the backup's snapshot", () =>
            writes.some((w) => (w.completeSentAt ?? 0) > (snapshotTakenBefore as number))
          )
        } finally {
          await holder.query("rollback")
        }
        backup = await running
        const ended = Date.now()
        clearInterval(sampler)
        during.answered = answeredAt.filter((t) => t > started && t < ended).length
      } finally {
        await holder.end()
        await watcher.end()
      }
    } finally {
      writing = false
      await Promise.all(writers)
    }
    expect(writerErrors).toEqual([])
    expect([backup.code, backup.stderr]).toEqual([0, ""])
    // Checkout writes were in flight while the backup ran: it was taken from a store under load.
    expect(during.samplesInFlight).toBeGreaterThan(0)
    expect(during.answered).toBeGreaterThan(0)
    const dir = backup.stdout.trim().split("\n").pop() as string
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"))
    expect(manifest.versions.medusa).toBe("2.21.2")
    expect(manifest.migrations.mikro_orm_migrations.length).toBeGreaterThan(50)
    expect(manifest.checksum.value).toMatch(/^[0-9a-f]{64}$/)
    process.stdout.write(
      `[backup-restore] backup: ${manifest.size.bytes} bytes compressed, ${manifest.size.rows} rows, ` +
        `${manifest.duration_ms} ms, ${during.answered} writer requests answered during it, writes in flight in ` +
        `${during.samplesInFlight}/${during.samples} samples\n`
    )

    // 5. Restore into a fresh database and run the production build on it.
    const url = source.databaseUrl.replace(/\/[^/]+$/, `/${targetDb}`)
    const restore = await runScript("restore.js", [dir, "--database-url", url])
    expect([restore.code, restore.stderr]).toEqual([0, ""])
    restored = await startBuiltServer({
      existing: {
        databaseName: targetDb,
        adminEmail: source.adminEmail,
        adminPassword: source.adminPassword,
        publishableKey: source.publishableKey,
      },
    })
    const rapi = axios.create({ baseURL: restored.baseUrl })
    const radmin = await adminLogin(rapi, restored)
    expect((await rapi.get("/ready")).data.checks.migrations.status).toBe("ok")

    // 6. Byte-identical through the API: orders, customers, wishlists (customers log in with
    // their old passwords), and every review.
    const after = await snapshot(rapi, radmin, ids)
    expect(after.orders).toEqual(before.orders)
    expect(after.customers).toEqual(before.customers)
    expect(after.wishlists).toEqual(before.wishlists)
    expect(after.reviews).toEqual(before.reviews)
    expect(JSON.parse(after.reviews).reviews.length).toBeGreaterThanOrEqual(3)
    expect(JSON.parse(after.wishlists[shoppers[0].email]).wishlist.items).toHaveLength(2)

    // The writers' orders: those done before the backup started are there; one completed
    // after its snapshot is absent; any other from during the backup is either wholly there
    // (as the source shows it) or absent.
    const rraw = axios.create({ baseURL: restored.baseUrl, validateStatus: () => true })
    const afterSnapshot = writes.filter(
      (w) => w.orderId && (w.completeSentAt as number) > (snapshotTakenBefore as number)
    )
    expect(afterSnapshot.length).toBeGreaterThan(0)
    for (const w of afterSnapshot) {
      const there = await rraw.get(`/admin/orders/${w.orderId}`, { headers: radmin })
      expect(there.status).toBe(404)
    }
    for (const id of ordersBefore) {
      expect((await rapi.get(`/admin/orders/${id}`, { headers: radmin })).status).toBe(200)
    }
    for (const w of writes.filter((x) => x.orderId && !ordersBefore.includes(x.orderId))) {
      const there = await rraw.get(`/admin/orders/${w.orderId}`, { headers: radmin })
      expect([200, 404]).toContain(there.status)
      if (there.status === 200) {
        const live = await api.get(`/admin/orders/${w.orderId}`, { headers: admin })
        expect(JSON.stringify(there.data)).toBe(JSON.stringify(live.data))
      }
    }

    // 7. The restored store takes new orders; sequences were restored, so display ids go on.
    const rstore = { "x-publishable-api-key": restored.publishableKey }
    const headers = { headers: rstore }
    const cart = await cartReadyToComplete(rapi, headers, {
      regionId,
      variantId: variants[0].variantId,
      email: "after-restore@example.com",
    })
    const done = await rapi.post(`/store/carts/${cart.id}/complete`, {}, headers)
    expect(done.data.type).toBe("order")
    const restoredMax = Math.max(
      ...Object.values(after.orders).map((o) => JSON.parse(o).order.display_id as number)
    )
    expect(done.data.order.display_id).toBeGreaterThan(restoredMax)
    const db = dbClient(targetDb)
    await db.connect()
    try {
      const r = await db.query(`select count(*)::int as n from "order" where id = $1`, [
        done.data.order.id,
      ])
      expect(r.rows[0].n).toBe(1)
    } finally {
      await db.end()
    }
  })
})
