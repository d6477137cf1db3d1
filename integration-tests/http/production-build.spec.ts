/**
 * What users run is what we test: the `medusa build` output that `npm start`, the
 * Dockerfile and every deployment run, started with `medusa start` in production mode on a
 * freshly migrated and seeded database, driven over HTTP and in Chromium. One build (shared
 * with `npm start`, rebuilt only when the sources changed) and one server for every case.
 *
 * Every route of ours is requested at least once (the last test checks it against the route
 * files), so a new route cannot ship without a check against the build.
 */
import fs from "fs"
import path from "path"
import axios, { type AxiosInstance } from "axios"
import { chromium, type Browser, type Page } from "playwright-core"
import { parse } from "yaml"
import { type BuiltServer, ensureProductionBuild, startBuiltServer } from "../helpers/built-server"
import { address, cartReadyToComplete } from "../helpers/fixtures"
import { TestMailbox, tokenFrom } from "../helpers/smtp"
import { freePortSync } from "../helpers/ports"
import { ourRoutes, pathMatches } from "../contract/routes"
import { CHROMIUM_ARGS, chromiumPath, itWithBinaries } from "../helpers/system-binaries"

jest.setTimeout(30 * 60 * 1000)

const root = path.resolve(__dirname, "..", "..")
const ARTIFACTS = path.join(root, "test-artifacts")
const committedDocument = () =>
  JSON.parse(fs.readFileSync(path.join(root, "docs", "openapi", "openapi.json"), "utf8"))

type Headers = Record<string, string>

describe("production build (medusa build + medusa start, NODE_ENV=production)", () => {
  let server: BuiltServer
  let mailbox: TestMailbox
  let browser: Browser | undefined
  /** Throws on 4xx/5xx like a storefront's client would. */
  let api: AxiosInstance
  /** Returns every answer, for checks of error statuses and headers. */
  let raw: AxiosInstance
  const requested: { method: string; path: string }[] = []
  let store: Headers
  let admin: Headers
  let regionId: string
  let products: { id: string; variants: { id: string }[] }[]

  const track = (instance: AxiosInstance) => {
    instance.interceptors.request.use((config) => {
      const url = new URL(config.url ?? "", config.baseURL)
      requested.push({ method: (config.method ?? "get").toUpperCase(), path: url.pathname })
      return config
    })
    return instance
  }

  beforeAll(async () => {
    ensureProductionBuild((m) => process.stdout.write(`[production-build] ${m}\n`))
    mailbox = new TestMailbox(freePortSync())
    await mailbox.start()
    server = await startBuiltServer({
      env: {
        SMTP_URL: `smtp://127.0.0.1:${mailbox.port}`,
        SMTP_FROM: "Webshop <shop@test.local>",
        LOG_LEVEL: "info",
      },
    })
    api = track(axios.create({ baseURL: server.baseUrl }))
    raw = track(axios.create({ baseURL: server.baseUrl, validateStatus: () => true }))
    store = { "x-publishable-api-key": server.publishableKey }
    const login = await api.post("/auth/user/emailpass", {
      email: server.adminEmail,
      password: server.adminPassword,
    })
    admin = { authorization: `Bearer ${login.data.token}` }
    const regions = (await api.get("/store/regions", { headers: store })).data.regions
    regionId = regions.find((r: { currency_code: string }) => r.currency_code === "eur").id
    // Products whose first variant has stock to spare (the demo has sold-out and scarce ones).
    const listed = (
      await api.get(
        `/store/products?limit=48&fields=+variants.inventory_quantity&region_id=${regionId}`,
        { headers: store }
      )
    ).data.products as { id: string; variants: { id: string; inventory_quantity: number }[] }[]
    products = listed.filter((p) => (p.variants[0]?.inventory_quantity ?? 0) >= 10)
    expect(products.length).toBeGreaterThanOrEqual(4)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await mailbox?.stop()
  })

  async function newPage(viewport = { width: 1440, height: 900 }): Promise<Page> {
    browser ??= await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
    return browser.newPage({ viewport })
  }

  async function adminLogin(page: Page) {
    await page.goto(`${server.baseUrl}/app/login`)
    await page.fill('input[name="email"]', server.adminEmail)
    await page.fill('input[name="password"]', server.adminPassword)
    await page.click('button[type="submit"]')
    await page.waitForURL((url) => !url.pathname.endsWith("/login"), { timeout: 60_000 })
  }

  async function registerShopper(first_name = "Grace") {
    const email = `shopper-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`
    const password = "Correct-Horse-Battery-9"
    const reg = await api.post("/auth/customer/emailpass/register", { email, password })
    await api.post(
      "/store/customers",
      { email, first_name, last_name: "Hopper" },
      { headers: { ...store, authorization: `Bearer ${reg.data.token}` } }
    )
    const login = await api.post("/auth/customer/emailpass", { email, password })
    const headers: Headers = { ...store, authorization: `Bearer ${login.data.token}` }
    const me = (await api.get("/store/customers/me", { headers })).data.customer
    return { email, headers, id: me.id as string }
  }

  it("answers /health and /ready (database and migrations checked)", async () => {
    expect((await raw.get("/health")).status).toBe(200)
    const ready = await raw.get("/ready")
    expect(ready.status).toBe(200)
    expect(ready.data.status).toBe("ok")
    expect(ready.data.checks.database.status).toBe("ok")
    expect(ready.data.checks.migrations.status).toBe("ok")
  })

  it("serves /openapi.json and /openapi.yaml equal to the committed document", async () => {
    const json = await raw.get("/openapi.json")
    expect(json.status).toBe(200)
    expect(json.headers["content-type"]).toMatch(/application\/json/)
    expect(json.data.openapi).toBe("3.1.0")
    expect(json.data).toEqual(committedDocument())
    const yaml = await raw.get("/openapi.yaml", { responseType: "text" })
    expect(yaml.status).toBe(200)
    expect(yaml.headers["content-type"]).toMatch(/application\/yaml/)
    expect(parse(yaml.data)).toEqual(committedDocument())
  })

  it("never lets a shared cache keep an error, and never shows a stack trace", async () => {
    const errors = [
      raw.get("/store/products"), // no publishable key
      raw.get("/store/products?limit=100000", { headers: store }),
      raw.get("/store/no-such-route", { headers: store }),
      raw.get("/admin/products"),
      raw.post("/auth/customer/emailpass", { email: "nobody@example.com", password: "wrong-pw" }),
      raw.get("/store/carts/cart_does_not_exist", { headers: store }),
      raw.get("/metrics"),
    ]
    for (const res of await Promise.all(errors)) {
      const where = `${res.config.method} ${res.config.url} → ${res.status}`
      expect([where, res.status >= 400]).toEqual([where, true])
      expect([where, res.headers["cache-control"]]).toEqual([
        where,
        expect.stringContaining("no-store"),
      ])
      expect([where, res.headers["cache-control"]]).not.toEqual([
        where,
        expect.stringContaining("public"),
      ])
      const body = typeof res.data === "string" ? res.data : JSON.stringify(res.data)
      expect(body).not.toMatch(/\bat .+\.(js|ts):\d+|node_modules/)
    }
    // A cacheable success may be public.
    const ok = await raw.get("/store/regions", { headers: store })
    expect(ok.status).toBe(200)
    expect(ok.headers["cache-control"]).toMatch(/public/)
  })

  it("serves /metrics only with its token", async () => {
    const anonymous = await raw.get("/metrics")
    expect([401, 403, 404]).toContain(anonymous.status)
    const res = await raw.get("/metrics", {
      headers: { authorization: `Bearer ${server.metricsToken}` },
      responseType: "text",
    })
    expect(res.status).toBe(200)
    expect(res.headers["content-type"]).toMatch(/text\/plain/)
    expect(res.data).toMatch(
      /commerce_http_request_duration_seconds_count\{[^}]*route="\/store\/regions"/
    )
  })

  it("places a guest order through the store API", async () => {
    const headers = { headers: store }
    const variantId = products[0].variants[0].id
    const cart = await cartReadyToComplete(api, headers, {
      regionId,
      variantId,
      email: `guest-${Date.now()}@example.com`,
    })
    const done = await api.post(`/store/carts/${cart.id}/complete`, {}, headers)
    expect(done.data.type).toBe("order")
    const order = (await api.get(`/store/orders/${done.data.order.id}`, headers)).data.order
    expect(order.items[0].variant_id).toBe(variantId)
    expect(order.shipping_address.city).toBe(address.city)
  })

  it("serves every feature route of ours: reviews, wishlist, e-mail verification, audit log", async () => {
    const shopper = await registerShopper()
    const headers = { headers: shopper.headers }
    const product = products[1]

    // E-mail verification: the mail arrives over real SMTP; the token confirms the address.
    const before = await api.get("/store/customers/me/verification", headers)
    expect(before.data.verification.verified).toBe(false)
    await api.post("/store/customers/me/verify-email/resend", {}, headers)
    const mail = await mailbox.waitFor(shopper.email, 2) // #1 came with the registration
    const token = tokenFrom(mail, "Verification token")
    await api.post("/store/customers/me/verify-email", { token }, headers)
    expect(
      (await api.get("/store/customers/me/verification", headers)).data.verification.verified
    ).toBe(true)
    const adminView = await api.get(`/admin/customers/${shopper.id}/verification`, {
      headers: admin,
    })
    expect(adminView.data.verification.verified).toBe(true)

    // A logged-in order makes the review a verified purchase.
    const cart = await cartReadyToComplete(api, headers, {
      regionId,
      variantId: product.variants[0].id,
    })
    await api.post(`/store/carts/${cart.id}/complete`, {}, headers)

    // Reviews: create, read own, moderate, summaries, helpful vote, delete.
    const created = await api.post(
      `/store/products/${product.id}/reviews`,
      { rating: 4, title: "Solid build", body: "Wore it for a week, still looks new." },
      headers
    )
    expect(created.status).toBe(201)
    const review = created.data.review
    expect(review.verified_purchase).toBe(true)
    expect(review.status).toBe("pending")
    expect(
      (await api.get(`/store/products/${product.id}/reviews/me`, headers)).data.review.id
    ).toBe(review.id)
    const queue = await api.get(`/admin/reviews?status=pending&product_id=${product.id}`, {
      headers: admin,
    })
    expect(queue.data.reviews.map((r: { id: string }) => r.id)).toContain(review.id)
    await api.post(`/admin/reviews/${review.id}/reject`, {}, { headers: admin })
    await api.post(`/admin/reviews/${review.id}/approve`, {}, { headers: admin })
    await api.post(
      "/admin/reviews/batch",
      { action: "approve", ids: [review.id] },
      { headers: admin }
    )
    const listed = await api.get(`/store/products/${product.id}/reviews?sort=newest`, {
      headers: store,
    })
    expect(listed.data.reviews.map((r: { id: string }) => r.id)).toContain(review.id)
    const summary = (
      await api.get(`/store/products/${product.id}/reviews/summary`, { headers: store })
    ).data.summary
    expect(summary.count).toBeGreaterThanOrEqual(1)
    const summaries = await api.get(`/store/reviews/summaries?product_id[]=${product.id}`, {
      headers: store,
    })
    expect(summaries.data.summaries[0].count).toBe(summary.count)
    const adminSummaries = await api.get(`/admin/reviews/summaries?product_id[]=${product.id}`, {
      headers: admin,
    })
    expect(adminSummaries.data.summaries[0].count).toBe(summary.count)
    const voter = await registerShopper("Alan")
    const vote = await api.post(
      `/store/reviews/${review.id}/helpful`,
      {},
      { headers: voter.headers }
    )
    expect(vote.data.helpful_count).toBe(1)
    await api.delete(`/store/products/${product.id}/reviews/me`, headers)
    expect((await raw.get(`/store/products/${product.id}/reviews/me`, headers)).status).toBe(404)
    const other = (await api.get("/admin/reviews?status=pending&limit=1", { headers: admin })).data
      .reviews[0]
    if (other) await api.delete(`/admin/reviews/${other.id}`, { headers: admin })
    else await raw.delete("/admin/reviews/rev_missing", { headers: admin })

    // Wishlist: add, share, read shared, move to cart, remove, unshare; the admin sees it.
    const variantA = products[2].variants[0].id
    const variantB = products[3].variants[0].id
    const a = await api.post(
      "/store/customers/me/wishlist/items",
      { variant_id: variantA },
      headers
    )
    await api.post("/store/customers/me/wishlist/items", { variant_id: variantB }, headers)
    const itemA = a.data.wishlist_item
    const wishlist = (await api.get(`/store/customers/me/wishlist?region_id=${regionId}`, headers))
      .data.wishlist
    expect(wishlist.items).toHaveLength(2)
    const shareToken = (await api.post("/store/customers/me/wishlist/share", {}, headers)).data
      .share_token
    expect(typeof shareToken).toBe("string")
    const shared = await api.get(`/store/wishlists/shared/${shareToken}?region_id=${regionId}`, {
      headers: store,
    })
    expect(shared.data.wishlist.owner.first_name).toBe("Grace")
    const newCart = (await api.post("/store/carts", { region_id: regionId }, headers)).data.cart
    const moved = await api.post(
      `/store/customers/me/wishlist/items/${itemA.id}/move-to-cart`,
      { cart_id: newCart.id },
      headers
    )
    expect(moved.data.removed_item_id).toBe(itemA.id)
    const cartNow = (await api.get(`/store/carts/${newCart.id}`, headers)).data.cart
    expect(cartNow.items.map((i: { variant_id: string }) => i.variant_id)).toContain(variantA)
    const left = (await api.get("/store/customers/me/wishlist", headers)).data.wishlist.items
    expect(left.map((i: { variant_id: string }) => i.variant_id)).toEqual([variantB])
    await api.delete(`/store/customers/me/wishlist/items/${left[0].id}`, headers)
    await api.delete("/store/customers/me/wishlist/share", headers)
    expect(
      (await raw.get(`/store/wishlists/shared/${shareToken}`, { headers: store })).status
    ).toBe(404)
    const adminWishlists = await api.get(`/admin/customers/${shopper.id}/wishlist`, {
      headers: admin,
    })
    expect(adminWishlists.data.wishlists.length).toBeGreaterThanOrEqual(1)

    // Audit log: the moderation above is recorded, with the actor.
    const audit = await api.get("/admin/audit-logs?kind=admin&limit=50", { headers: admin })
    const entries = audit.data.audit_logs.map((l: { action: string; target_id: string }) => [
      l.action,
      l.target_id,
    ])
    expect(entries).toContainEqual(["POST /admin/reviews/:id/approve", review.id])
  })

  it("data rights: export after a fresh login, erasure request, admin export and erasure", async () => {
    const shopper = await registerShopper("Dora")
    const headers = { headers: shopper.headers }
    const exported = await api.post("/store/customers/me/data-export", {}, headers)
    expect(exported.headers["content-disposition"]).toMatch(/attachment/)
    expect(exported.data).toMatchObject({ version: 1, customer: { id: shopper.id } })
    const refused = await raw.post(
      "/store/customers/me/data-export",
      { password: "wrong-password-here" },
      headers
    )
    expect(refused.status).toBe(401)
    expect(JSON.stringify(refused.data)).not.toMatch(/stack|at \//)

    // Self-service: the token arrives by mail; confirming schedules after the grace period.
    await api.post("/store/customers/me/erasure", {}, headers)
    const mail = await mailbox.waitFor(shopper.email, 2) // #1 came with the registration
    const token = tokenFrom(mail, "Erasure token")
    const confirmed = await api.post("/store/customers/me/erasure/confirm", { token }, headers)
    expect(confirmed.data.erasure_request.status).toBe("scheduled")
    expect((await api.get("/store/customers/me/erasure", headers)).data.erasure_request.id).toBe(
      confirmed.data.erasure_request.id
    )
    await api.delete("/store/customers/me/erasure", headers)

    // Admin: download, then erase at once; the old token and login stop working.
    const adminExport = await api.post(
      `/admin/customers/${shopper.id}/data-export`,
      {},
      {
        headers: admin,
      }
    )
    expect(adminExport.data.customer.email).toBe(shopper.email)
    const erased = await api.post(
      `/admin/customers/${shopper.id}/erasure`,
      { immediate: true },
      { headers: admin }
    )
    expect(erased.data.erased).toBe(true)
    expect((await raw.get("/store/customers/me", headers)).status).toBe(401)
    const login = await raw.post("/auth/customer/emailpass", {
      email: shopper.email,
      password: "Correct-Horse-Battery-9",
    })
    expect(login.status).toBe(401)
    const found = await api.get(`/admin/customers?q=${encodeURIComponent(shopper.email)}`, {
      headers: admin,
    })
    expect(found.data.customers).toEqual([])
  })

  it("serves /docs and its assets with a strict CSP", async () => {
    const page = await raw.get("/docs", { responseType: "text" })
    expect(page.status).toBe(200)
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'")
    const css = await raw.get("/docs/assets/swagger-ui.css", { responseType: "text" })
    expect(css.status).toBe(200)
    expect(css.headers["content-type"]).toMatch(/text\/css/)
    expect((await raw.get("/docs/assets/..%2Fpackage.json")).status).toBe(404)
  })

  itWithBinaries(
    ["chromium"],
    "renders /docs in Chromium with every tag and operation",
    async () => {
      const doc = committedDocument()
      const operations: string[] = []
      const tags = new Set<string>()
      for (const item of Object.values(doc.paths) as Record<string, { tags?: string[] }>[]) {
        for (const [method, op] of Object.entries(item)) {
          if (!["get", "post", "put", "patch", "delete"].includes(method)) continue
          operations.push(method)
          for (const t of op.tags ?? []) tags.add(t)
        }
      }
      const page = await newPage({ width: 1280, height: 1600 })
      const problems: string[] = []
      page.on("pageerror", (e) => problems.push(e.message))
      page.on("console", (m) => m.type() === "error" && problems.push(m.text()))
      try {
        await page.goto(`${server.baseUrl}/docs`)
        await page.waitForSelector(".opblock-tag", { timeout: 60_000 })
        const shownTags = await page.$$eval(".opblock-tag", (els) =>
          els.map((e) => e.getAttribute("data-tag"))
        )
        expect(new Set(shownTags)).toEqual(tags)
        await page.waitForFunction(
          (n) => document.querySelectorAll(".opblock").length >= n,
          operations.length,
          {
            timeout: 30_000,
          }
        )
        expect(await page.locator(".opblock").count()).toBe(operations.length)
        fs.mkdirSync(ARTIFACTS, { recursive: true })
        await page.screenshot({ path: path.join(ARTIFACTS, "production-docs.png") })
        expect(problems).toEqual([])
      } finally {
        await page.close()
      }
    }
  )

  itWithBinaries(
    ["chromium"],
    "admin UI: logs in, approves a review on the Reviews page, shows the product widget and the Audit log",
    async () => {
      const pending = (
        await api.get("/admin/reviews?status=pending&order=created_at", { headers: admin })
      ).data
      expect(pending.count).toBeGreaterThan(0)
      const target = pending.reviews[0]
      const page = await newPage()
      try {
        await adminLogin(page)

        // The sidebar links to the extension page.
        await page.getByRole("link", { name: "Reviews" }).first().click()
        await page.waitForURL(/\/app\/reviews/)
        const row = page.getByTestId(`review-row-${target.id}`)
        await row.waitFor({ timeout: 60_000 })
        await expect(page.getByTestId(`status-${target.id}`).textContent()).resolves.toBe("pending")
        await page.getByTestId(`approve-${target.id}`).click()
        // The queue shows pending reviews: the approved one leaves it.
        await row.waitFor({ state: "detached", timeout: 30_000 })
        await page.getByText("1 review(s) approved").first().waitFor({ timeout: 10_000 })
        const approved = (
          await api.get(`/admin/reviews?status=approved&product_id=${target.product_id}`, {
            headers: admin,
          })
        ).data
        expect(approved.reviews.map((r: { id: string }) => r.id)).toContain(target.id)
        fs.mkdirSync(ARTIFACTS, { recursive: true })
        await page.screenshot({ path: path.join(ARTIFACTS, "admin-reviews.png"), fullPage: true })

        // The product page widget shows the summary including the approval.
        const summary = (
          await api.get(`/admin/reviews/summaries?product_id=${target.product_id}`, {
            headers: admin,
          })
        ).data.summaries[0]
        await page.goto(`${server.baseUrl}/app/products/${target.product_id}`)
        const widget = page.getByTestId("product-review-summary")
        await widget.waitFor({ timeout: 60_000 })
        await expect(widget.textContent()).resolves.toContain(
          `${summary.count} approved review${summary.count === 1 ? "" : "s"}`
        )
        await widget.scrollIntoViewIfNeeded()
        await page.screenshot({ path: path.join(ARTIFACTS, "admin-product-reviews.png") })

        // The Audit log page lists the approval made in the browser (the page approves in
        // bulk), newest first, by this admin.
        const me = (await api.get("/admin/users/me", { headers: admin })).data.user
        await page.getByRole("link", { name: "Audit log" }).first().click()
        await page.waitForURL(/\/app\/audit-logs/)
        const newest = page.getByRole("row").nth(1)
        await newest.filter({ hasText: "POST /admin/reviews/batch" }).waitFor({ timeout: 60_000 })
        await expect(newest.textContent()).resolves.toContain(me.id)
        await page.screenshot({ path: path.join(ARTIFACTS, "admin-audit-log.png") })
      } catch (e) {
        fs.mkdirSync(ARTIFACTS, { recursive: true })
        await page.screenshot({ path: path.join(ARTIFACTS, "admin-ui-failure.png") })
        throw e
      } finally {
        await page.close()
      }
    }
  )

  itWithBinaries(
    ["chromium"],
    "admin UI: the customer page's data-rights widget downloads the customer's export",
    async () => {
      const shopper = await registerShopper("Wilma")
      const page = await newPage()
      try {
        await adminLogin(page)
        await page.goto(`${server.baseUrl}/app/customers/${shopper.id}`)
        const button = page.getByTestId("customer-data-export")
        await button.waitFor({ timeout: 60_000 })
        const [download] = await Promise.all([page.waitForEvent("download"), button.click()])
        expect(download.suggestedFilename()).toBe(`customer-data-${shopper.id}.json`)
        const file = await download.path()
        const doc = JSON.parse(fs.readFileSync(file, "utf8"))
        expect(doc).toMatchObject({ version: 1, customer: { id: shopper.id, first_name: "Wilma" } })
        await page.getByTestId("customer-erase").waitFor()
        fs.mkdirSync(ARTIFACTS, { recursive: true })
        await page.screenshot({ path: path.join(ARTIFACTS, "admin-customer-data-rights.png") })
      } catch (e) {
        fs.mkdirSync(ARTIFACTS, { recursive: true })
        await page.screenshot({ path: path.join(ARTIFACTS, "admin-data-rights-failure.png") })
        throw e
      } finally {
        await page.close()
      }
    }
  )

  it("ships no test code: no specs, test helpers or test-only routes in the build", async () => {
    const shipped: string[] = []
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.name === "node_modules" || e.name === "public") continue
        const full = path.join(dir, e.name)
        if (e.isDirectory()) walk(full)
        else shipped.push(path.relative(server.serverDir, full))
      }
    }
    walk(server.serverDir)
    expect(
      shipped.filter((f) => /__tests__|\.spec\.js$|^integration-tests|ops-test/.test(f))
    ).toEqual([])
    expect((await raw.post("/ops-test/log", { secret: "x" })).status).toBe(404)
  })

  it("has requested every route of ours at least once", () => {
    const missing = ourRoutes(root)
      .filter((r) => !r.path.startsWith("/ops-test"))
      .filter((r) => !requested.some((q) => q.method === r.method && pathMatches(r.path, q.path)))
      .map((r) => `${r.method} ${r.path}`)
    expect(missing).toEqual([])
  })
})
