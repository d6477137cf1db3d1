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
import { checkoutThroughGraphQL } from "../helpers/graphql"
import { TestMailbox, tokenFrom } from "../helpers/smtp"
import { verifyWebhook, WebhookReceiver } from "../helpers/webhook-receiver"
import { freePortSync } from "../helpers/ports"
import { ourRoutes, pathMatches } from "../contract/routes"
import { CHROMIUM_ARGS, chromiumPath, itWithBinaries } from "../helpers/system-binaries"
import { succeededRuns } from "../helpers/metrics"

jest.setTimeout(30 * 60 * 1000)

const root = path.resolve(__dirname, "..", "..")
const ARTIFACTS = path.join(root, "test-artifacts")
const committedDocument = () =>
  JSON.parse(fs.readFileSync(path.join(root, "docs", "openapi", "openapi.json"), "utf8"))

type Headers = Record<string, string>

describe("production build (medusa build + medusa start, NODE_ENV=production)", () => {
  let server: BuiltServer
  let mailbox: TestMailbox
  const receiver = new WebhookReceiver()
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
    await receiver.start()
    server = await startBuiltServer({
      env: {
        // The SSRF guard is on in production; the local receiver is allowlisted.
        WEBHOOKS_ALLOWED_TARGETS: "127.0.0.1",
        WEBHOOKS_POLL_INTERVAL_MS: "250",
        SMTP_URL: `smtp://127.0.0.1:${mailbox.port}`,
        SMTP_FROM: "Webshop <shop@test.local>",
        LOG_LEVEL: "info",
        // As `npm start`: staff roles on; the bootstrap makes the demo admin an Owner.
        MEDUSA_FF_RBAC: "true",
        // An OIDC provider as production accepts it (https issuer, callback allowlist); nothing
        // listens at the issuer, so starting a sign-in meets an IdP that is down.
        AUTH_OIDC_PROVIDERS: "corp",
        AUTH_OIDC_CORP_ISSUER: `https://127.0.0.1:${freePortSync()}`,
        AUTH_OIDC_CORP_CLIENT_ID: "shop",
        AUTH_OIDC_CORP_CALLBACK_URL: "https://shop.example.com/account/sso/corp",
        AUTH_OIDC_CORP_ALLOWED_CALLBACK_URLS: "https://shop.example.com/account/sso/corp",
        AUTH_OIDC_CORP_ACTORS: "customer,user",
        AUTH_OIDC_CORP_DISPLAY_NAME: "Corporate login",
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
    await receiver.stop()
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

  it("adds items through the lean cart routes: created empty, merged, priced (decision 0236)", async () => {
    const headers = { headers: store }
    const variantId = products[0].variants[0].id
    const cart = (await api.post("/store/carts", { region_id: regionId }, headers)).data.cart
    expect(cart.items).toEqual([])
    await api.post(
      `/store/carts/${cart.id}/line-items`,
      { variant_id: variantId, quantity: 1 },
      headers
    )
    const after = (
      await api.post(
        `/store/carts/${cart.id}/line-items`,
        { variant_id: variantId, quantity: 2 },
        headers
      )
    ).data.cart
    expect(after.items).toHaveLength(1)
    expect(after.items[0].quantity).toBe(3)
    expect(after.item_subtotal).toBe(after.items[0].unit_price * 3)
  })

  it("places a guest order through /graphql alone; no introspection or GraphiQL in production", async () => {
    const headers = { headers: store }
    const variantId = products[1].variants[0].id
    const email = `gql-guest-${Date.now()}@example.com`
    // The cart mutations run the lean workflows, as REST's routes do (leanCheckout).
    const leanRuns = async () =>
      succeededRuns(
        (
          await raw.get("/metrics", {
            headers: { authorization: `Bearer ${server.metricsToken}` },
            responseType: "text",
          })
        ).data,
        "lean-add-to-cart"
      )
    const leanBefore = await leanRuns()
    const { order, cart } = await checkoutThroughGraphQL(api, headers, {
      regionId,
      variantId,
      email,
    })
    expect((await leanRuns()) - leanBefore).toBe(1)
    expect(order).toMatchObject({ email, total: cart.total })
    expect(order.items[0].variantId).toBe(variantId)
    expect(order.shippingAddress.city).toBe(address.city)
    const rest = (await api.get(`/store/orders/${order.id}`, headers)).data.order
    expect(rest.total).toBe(order.total)

    const introspection = await raw.post(
      "/graphql",
      { query: "{ __schema { types { name } } }" },
      headers
    )
    expect(introspection.status).toBeLessThan(500)
    expect(introspection.data.data?.__schema).toBeUndefined()
    expect(JSON.stringify(introspection.data.errors)).toMatch(/introspection/i)
    // No "did you mean" hints either.
    const typo = await raw.post("/graphql", { query: "{ prodcts { count } }" }, headers)
    expect(typo.data.errors?.length).toBeGreaterThan(0)
    expect(JSON.stringify(typo.data.errors)).not.toMatch(/did you mean/i)
    const page = await raw.get("/graphql", { headers: { ...store, accept: "text/html" } })
    expect(String(page.data)).not.toMatch(/graphiql/i)
    expect(page.status).toBeLessThan(500)
  })

  it("a registered customer checks out through /graphql alone: register, login, saved address, orders", async () => {
    const gql = async (query: string, variables: Record<string, unknown>, headers: Headers) => {
      const res = await api.post("/graphql", { query, variables }, { headers })
      if (res.data.errors?.length) throw new Error(JSON.stringify(res.data.errors))
      return res.data.data
    }
    const password = "Correct-Horse-Battery-9"
    const signUp = async (firstName: string) => {
      const email = `gql-${firstName.toLowerCase()}-${Date.now()}@example.com`
      const reg = await gql(
        `mutation($input: CustomerRegisterInput!) { customerRegister(input: $input) { token customer { id email } } }`,
        { input: { email, password, firstName, lastName: "Hopper" } },
        store
      )
      expect(reg.customerRegister.customer.email).toBe(email)
      const login = await gql(
        `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`,
        { e: email, p: password },
        store
      )
      const headers: Headers = { ...store, authorization: `Bearer ${login.login.token}` }
      return { email, headers, id: reg.customerRegister.customer.id as string }
    }
    const grace = await signUp("Grace")
    const saved = await gql(
      `mutation($input: CustomerAddressInput!) { customerAddressCreate(input: $input) {
        address { id firstName lastName address1 city postalCode countryCode } } }`,
      {
        input: {
          firstName: "Grace",
          lastName: "Hopper",
          address1: "Prinsengracht 263",
          city: "Amsterdam",
          postalCode: "1016",
          countryCode: "nl",
          isDefaultShipping: true,
        },
      },
      grace.headers
    )
    const { id: addressId, ...shipTo } = saved.customerAddressCreate.address
    expect(addressId).toBeTruthy()
    const variantId = products[2].variants[0].id
    const { order, cart } = await checkoutThroughGraphQL(
      api,
      { headers: grace.headers },
      {
        regionId,
        variantId,
        address: shipTo,
      }
    )
    expect(order).toMatchObject({ email: grace.email, customerId: grace.id, total: cart.total })
    expect(order.items).toEqual([{ variantId, quantity: 2 }])
    expect(order.shippingAddress.city).toBe("Amsterdam")
    const me = await gql(
      `{ me { id addresses { id isDefaultShipping } orders { id total } } }`,
      {},
      grace.headers
    )
    expect(me.me.id).toBe(grace.id)
    expect(me.me.addresses).toEqual([{ id: addressId, isDefaultShipping: true }])
    expect(me.me.orders).toEqual([{ id: order.id, total: order.total }])
    const byId = `query($id: ID!) { order(id: $id) { id customerId total shippingAddress { address1 } } }`
    const own = await gql(byId, { id: order.id }, grace.headers)
    expect(own.order).toEqual({
      id: order.id,
      customerId: grace.id,
      total: order.total,
      shippingAddress: { address1: "Prinsengracht 263" },
    })
    // Another customer (and REST for them) does not see it; nor does their me.
    const alan = await signUp("Alan")
    expect((await gql(byId, { id: order.id }, alan.headers)).order).toBeNull()
    expect((await gql(`{ me { orders { id } } }`, {}, alan.headers)).me.orders).toEqual([])
    const restOther = await raw.get(`/store/orders/${order.id}`, { headers: alan.headers })
    expect(restOther.status).toBe(404)
    const restOwn = await api.get(`/store/orders/${order.id}`, { headers: grace.headers })
    expect(restOwn.data.order.total).toBe(order.total)
  })

  it("webhooks: a placed order reaches a receiver, signed; the admin routes answer", async () => {
    const headers = { headers: store }
    const adminHeaders = { headers: admin }
    // Production refuses private targets that are not allowlisted, and plain http for them.
    const refused = await raw.post(
      "/admin/webhooks",
      { url: "https://169.254.169.254/latest", events: ["order.placed"] },
      adminHeaders
    )
    expect(refused.status).toBe(400)
    const created = await api.post(
      "/admin/webhooks",
      { url: receiver.url("/prod"), events: ["order.placed"], description: "ERP" },
      adminHeaders
    )
    const { webhook, secret } = created.data
    const cart = await cartReadyToComplete(api, headers, {
      regionId,
      variantId: products[3].variants[0].id,
      email: `hooked-${Date.now()}@example.com`,
    })
    const done = await api.post(`/store/carts/${cart.id}/complete`, {}, headers)
    const got = await receiver.waitFor(() => receiver.at("/prod")[0], 60_000, "order.placed")
    expect(verifyWebhook(secret, got)).toMatchObject({
      type: "order.placed",
      data: { id: done.data.order.id },
    })
    expect(
      (await api.get("/admin/webhooks?limit=10", adminHeaders)).data.webhooks.map(
        (w: { id: string }) => w.id
      )
    ).toContain(webhook.id)
    expect((await api.get(`/admin/webhooks/${webhook.id}`, adminHeaders)).data.webhook.url).toBe(
      receiver.url("/prod")
    )
    await api.post(`/admin/webhooks/${webhook.id}`, { description: "ERP (prod)" }, adminHeaders)
    const rotated = await api.post(`/admin/webhooks/${webhook.id}/rotate-secret`, {}, adminHeaders)
    await api.post(`/admin/webhooks/${webhook.id}/send-test`, {}, adminHeaders)
    const test = await receiver.waitFor(() => receiver.at("/prod")[1], 60_000, "webhook.test")
    expect(verifyWebhook(rotated.data.secret, test)).toMatchObject({ type: "webhook.test" })
    expect(verifyWebhook(secret, test)).toMatchObject({ type: "webhook.test" })
    let log: { id: string; status: string }[] = []
    for (const until = Date.now() + 30_000; Date.now() < until;) {
      log = (await api.get(`/admin/webhooks/${webhook.id}/deliveries`, adminHeaders)).data
        .deliveries
      if (log.length === 2 && log.every((d) => d.status === "succeeded")) break
      await new Promise((r) => setTimeout(r, 200))
    }
    expect(log.map((d) => d.status)).toEqual(["succeeded", "succeeded"])
    const again = await api.post(
      `/admin/webhooks/deliveries/${log[1].id}/redeliver`,
      {},
      adminHeaders
    )
    expect(again.status).toBe(202)
    const redelivered = await receiver.waitFor(() => receiver.at("/prod")[2], 60_000, "redelivery")
    expect(redelivered.headers["webhook-id"]).toBe(got.headers["webhook-id"])
    await api.delete(`/admin/webhooks/${webhook.id}`, adminHeaders)
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

  it("offers OIDC sign-in with production's rules: allowlisted callbacks, clear 401s", async () => {
    const providers = (await api.get("/auth/user/providers")).data.providers
    expect(providers.map((p: { id: string }) => p.id).sort()).toEqual(["corp", "emailpass"])
    const outside = await raw.post("/auth/customer/corp", {
      callback_url: "https://attacker.example/cb",
    })
    expect(outside.status).toBe(401)
    expect(outside.data.message).toMatch(/callback URL is not allowed/)
    const down = await raw.post("/auth/customer/corp", {})
    expect(down.status).toBe(401)
    expect(down.data.message).toBe("Authentication failed")
    const noToken = await raw.post("/store/sso/customer", {}, { headers: store })
    expect(noToken.status).toBe(401)
    // A password customer: one sign-in method, which cannot be removed; a forged link token is refused.
    const shopper = await registerShopper("Sso")
    const mine = await api.get("/store/sso/identities", { headers: shopper.headers })
    expect(mine.data.identities).toEqual([{ provider: "emailpass", email: shopper.email }])
    const forged = await raw.post(
      "/store/sso/identities",
      { token: "eyJhbGciOiJub25lIn0.eyJhY3Rvcl90eXBlIjoiY3VzdG9tZXIifQ." },
      { headers: shopper.headers }
    )
    expect(forged.status).toBe(400)
    const last = await raw.delete("/store/sso/identities/corp", { headers: shopper.headers })
    expect(last.status).toBe(404)
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
    "admin login page: shows the SSO button, which starts the sign-in at the provider",
    async () => {
      const page = await newPage()
      try {
        await page.goto(`${server.baseUrl}/app/login`)
        const button = page.getByRole("button", { name: "Continue with Corporate login" })
        await button.waitFor({ timeout: 60_000 })
        const started = page.waitForRequest(
          (r) => r.method() === "POST" && new URL(r.url()).pathname === "/auth/user/corp"
        )
        await button.click()
        const body = (await started).postDataJSON() as { callback_url: string }
        expect(body.callback_url).toBe(`${server.baseUrl}/app/login?auth_provider=corp`)
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
    "staff roles: the five default roles exist; a Support user sees no Audit log page",
    async () => {
      const roles = (await api.get("/admin/rbac/roles?limit=50", { headers: admin })).data
        .roles as { id: string; name: string }[]
      const names = roles.map((r) => r.name)
      for (const name of ["Owner", "Store manager", "Support", "Content moderator", "Viewer"]) {
        expect(names).toContain(name)
      }
      // A Support user, the way an owner adds staff: invite, register, accept, give the role.
      const email = `support-${Date.now()}@staff.test`
      const password = "Support-Staff-Password-9"
      const invite = (await api.post("/admin/invites", { email }, { headers: admin })).data.invite
      const reg = await api.post("/auth/user/emailpass/register", { email, password })
      const accepted = await api.post(
        `/admin/invites/accept?token=${encodeURIComponent(invite.token)}`,
        { email, first_name: "Sam", last_name: "Support" },
        { headers: { authorization: `Bearer ${reg.data.token}` } }
      )
      const supportRole = roles.find((r) => r.name === "Support")!.id
      await api.post(
        `/admin/users/${accepted.data.user.id}/roles`,
        { roles: [supportRole] },
        { headers: admin }
      )
      const login = await api.post("/auth/user/emailpass", { email, password })
      const support = { authorization: `Bearer ${login.data.token}` }
      expect((await raw.get("/admin/audit-logs", { headers: support })).status).toBe(403)
      expect((await raw.get("/admin/reviews", { headers: support })).status).toBe(200)

      const page = await newPage()
      try {
        await page.goto(`${server.baseUrl}/app/login`)
        await page.fill('input[name="email"]', email)
        await page.fill('input[name="password"]', password)
        await page.click('button[type="submit"]')
        await page.waitForURL((url) => !url.pathname.endsWith("/login"), { timeout: 60_000 })
        await page.goto(`${server.baseUrl}/app/audit-logs`)
        const noAccess = page.getByTestId("no-access")
        await noAccess.waitFor({ timeout: 60_000 })
        await expect(noAccess.textContent()).resolves.toContain("audit_log:read")
        // No entries are shown (the page never asks for them).
        await expect(page.getByRole("columnheader", { name: "Action" }).count()).resolves.toBe(0)
        fs.mkdirSync(ARTIFACTS, { recursive: true })
        await page.screenshot({ path: path.join(ARTIFACTS, "admin-support-audit-log.png") })
        // The Reviews page, which Support may use, renders.
        await page.goto(`${server.baseUrl}/app/reviews`)
        await page.getByRole("heading", { name: "Reviews" }).first().waitFor({ timeout: 60_000 })
        await expect(page.getByTestId("no-access").count()).resolves.toBe(0)
      } catch (e) {
        fs.mkdirSync(ARTIFACTS, { recursive: true })
        await page.screenshot({ path: path.join(ARTIFACTS, "admin-support-failure.png") })
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
