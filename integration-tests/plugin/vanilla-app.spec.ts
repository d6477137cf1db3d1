/**
 * The plugin outside this repository: `npm pack` of packages/plugin, installed with plain
 * `npm install` into a vanilla Medusa 2.21.2 app made from npm packages only, one `plugins`
 * entry, `medusa db:migrate`, `medusa build` (admin included), `medusa start` in production
 * mode (integration-tests/helpers/vanilla-app.ts). Against that server: the packed files,
 * the install, the migrations, the plugin's HTTP features (reviews, wishlist, e-mail
 * verification, audit log, ownership, brute force, catalog cache) and, in Chromium, the
 * admin's Reviews and Audit log pages and the product and customer widgets.
 *
 * A vanilla app has no demo data: the suite seeds what it needs through the admin API.
 * It also proves the known plugin failures absent: admin extensions missing from the
 * production build (medusajs/medusa #11656, #14032), migrations not written (#11330) and
 * exact-version peerDependencies that break installs with ERESOLVE.
 */
import fs from "fs"
import path from "path"
import axios, { type AxiosInstance } from "axios"
import { Client } from "pg"
import { chromium, type Browser, type Page } from "playwright-core"
import { freePortSync } from "../helpers/ports"
import { TestMailbox, tokenFrom } from "../helpers/smtp"
import {
  CHROMIUM_ARGS,
  chromiumPath,
  describeWithBinaries,
  systemBinariesRequired,
} from "../helpers/system-binaries"
import {
  duplicatedSharedPackages,
  formatTimings,
  installWithPinnedPeers,
  startVanillaApp,
  templatePackage,
  type VanillaApp,
} from "../helpers/vanilla-app"

jest.setTimeout(15 * 60 * 1000)

const root = path.resolve(__dirname, "..", "..")
const ARTIFACTS = path.join(root, "test-artifacts")

/** The plugin package under test (VANILLA_APP_PLUGIN_DIR: another checkout's, to try it). */
const PLUGIN_DIR = process.env.VANILLA_APP_PLUGIN_DIR
  ? path.resolve(process.env.VANILLA_APP_PLUGIN_DIR)
  : path.join(root, "packages", "plugin")

/** What a user puts into medusa-config.ts `plugins`: the package and its options (defaults). */
const pluginEntry = (name: string) => `{ resolve: "${name}", options: {} }`

/**
 * The module registrations the README asks for: mail goes through the plugin's SMTP
 * notification provider (the app owns the Notification Module's provider list).
 */
const appModules = (name: string) => `{
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/notification-local",
            id: "local",
            options: { name: "Local notifications", channels: ["feed"] },
          },
          {
            resolve: "${name}/providers/notification-smtp",
            id: "smtp",
            options: { channels: ["email"], url: process.env.SMTP_URL, from: process.env.SMTP_FROM },
          },
        ],
      },
    }`

type Headers = Record<string, string>
type Shopper = { email: string; password: string; headers: Headers; id: string }

/** Whether `range` (npm syntax, the forms plugins use) accepts `version`. */
export function rangeAccepts(range: string, version: string): boolean {
  const v = version.split(".").map(Number)
  const cmp = (a: number[], b: number[]) => {
    for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0)
    return 0
  }
  return range.split("||").some((part) => {
    const r = part.trim()
    if (r === "*" || r === "" || r === "x") return true
    const m = /^(\^|~|>=|=)?\s*v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/.exec(r)
    if (!m) throw new Error(`range "${range}": extend rangeAccepts for this form`)
    const [, op = "=", maj, min, pat] = m
    const wild = (s?: string) => s === undefined || s === "x" || s === "*"
    const base = [Number(maj), wild(min) ? 0 : Number(min), wild(pat) ? 0 : Number(pat)]
    if (wild(min)) return v[0] === base[0] && (op === "=" || op === "^" || op === "~")
    if (op === ">=") return cmp(v, base) >= 0
    if (op === "^") return cmp(v, base) >= 0 && (base[0] > 0 ? v[0] === base[0] : v[1] === base[1])
    if (op === "~") return cmp(v, base) >= 0 && v[0] === base[0] && v[1] === base[1]
    return wild(pat) ? v[0] === base[0] && v[1] === base[1] : cmp(v, base) === 0
  })
}

const pluginPresent = fs.existsSync(path.join(PLUGIN_DIR, "package.json"))

if (!pluginPresent) {
  const reason = `${path.relative(root, PLUGIN_DIR)} does not exist (no plugin package to pack)`
  if (systemBinariesRequired()) {
    describe("vanilla Medusa app with the packed plugin", () => {
      it("has a plugin package to test", () => {
        throw new Error(`REQUIRE_SYSTEM_BINARIES is set: ${reason}`)
      })
    })
  } else {
    describe.skip(`vanilla Medusa app with the packed plugin [skipped: ${reason}]`, () => {
      it("runs", () => {})
    })
  }
} else {
  describe("vanilla Medusa app with the packed plugin (npm pack → npm install → migrate → build → start)", () => {
    const suiteStarted = Date.now()
    let app: VanillaApp
    let mailbox: TestMailbox
    let api: AxiosInstance
    let raw: AxiosInstance
    let admin: Headers
    let adminId: string
    let store: Headers
    let regionId: string
    let products: { id: string; title: string; variantId: string }[]

    beforeAll(async () => {
      mailbox = new TestMailbox(freePortSync())
      await mailbox.start()
      app = await startVanillaApp({
        pluginDir: PLUGIN_DIR,
        plugins: pluginEntry,
        modules: appModules,
        env: {
          SMTP_URL: `smtp://127.0.0.1:${mailbox.port}`,
          SMTP_FROM: "Vanilla Shop <shop@vanilla.test>",
          LOG_LEVEL: "info",
        },
        log: (m) => process.stdout.write(`[vanilla-app] ${m}\n`),
      })
      api = axios.create({ baseURL: app.baseUrl })
      raw = axios.create({ baseURL: app.baseUrl, validateStatus: () => true })
      const login = await api.post("/auth/user/emailpass", {
        email: app.adminEmail,
        password: app.adminPassword,
      })
      admin = { authorization: `Bearer ${login.data.token}` }
      adminId = (await api.get("/admin/users/me", { headers: admin })).data.user.id

      // What a merchant sets up first: currency, region, sales channel, publishable key,
      // priced products in that channel.
      const h = { headers: admin }
      const shop = (await api.get("/admin/stores", h)).data.stores[0]
      await api.post(
        `/admin/stores/${shop.id}`,
        { supported_currencies: [{ currency_code: "eur", is_default: true }] },
        h
      )
      regionId = (
        await api.post(
          "/admin/regions",
          {
            name: "Europe",
            currency_code: "eur",
            countries: ["nl", "de"],
            payment_providers: ["pp_system_default"],
          },
          h
        )
      ).data.region.id
      const channel = (await api.post("/admin/sales-channels", { name: "Webshop" }, h)).data
        .sales_channel
      const key = (await api.post("/admin/api-keys", { title: "Webshop", type: "publishable" }, h))
        .data.api_key
      await api.post(`/admin/api-keys/${key.id}/sales-channels`, { add: [channel.id] }, h)
      store = { "x-publishable-api-key": key.token }
      products = []
      for (const [i, title] of [
        "Linen Shirt",
        "Wool Scarf",
        "Canvas Tote",
        "Rain Jacket",
      ].entries()) {
        const created = (
          await api.post(
            "/admin/products",
            {
              title,
              status: "published",
              options: [{ title: "Size", values: ["M"] }],
              variants: [
                {
                  title: "M",
                  sku: `VANILLA-${i}-M`,
                  options: { Size: "M" },
                  manage_inventory: false,
                  prices: [{ currency_code: "eur", amount: 20 + i }],
                },
              ],
              sales_channels: [{ id: channel.id }],
            },
            h
          )
        ).data.product
        products.push({ id: created.id, title, variantId: created.variants[0].id })
      }
    })

    afterAll(async () => {
      const stopped = await app?.stop()
      await mailbox?.stop()
      if (app) {
        process.stdout.write(
          `[vanilla-app] phases: ${formatTimings(app.timings)}; stopped with ` +
            `${JSON.stringify(stopped)}; suite ${((Date.now() - suiteStarted) / 1000).toFixed(0)} s\n`
        )
        fs.mkdirSync(ARTIFACTS, { recursive: true })
        fs.writeFileSync(
          path.join(ARTIFACTS, "vanilla-app.json"),
          JSON.stringify(
            {
              package: `${app.plugin.name}@${app.plugin.version}`,
              tarballBytes: app.plugin.size,
              unpackedBytes: app.plugin.unpackedSize,
              files: app.plugin.files.length,
              phasesMs: app.timings,
              suiteMs: Date.now() - suiteStarted,
            },
            null,
            2
          )
        )
      }
    })

    let seq = 0
    async function registerShopper(first_name = "Grace"): Promise<Shopper> {
      const email = `vanilla-${++seq}-${Date.now()}@example.com`
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
      return { email, password, headers, id: me.id as string }
    }

    /** Audit rows are written after the response went out: poll for the expected ones. */
    async function auditLogs(query: string, ok: (logs: AuditRow[]) => boolean) {
      const until = Date.now() + 20_000
      for (;;) {
        const logs = (await api.get(`/admin/audit-logs?${query}`, { headers: admin })).data
          .audit_logs as AuditRow[]
        if (ok(logs) || Date.now() > until) return logs
        await new Promise((r) => setTimeout(r, 200))
      }
    }
    type AuditRow = {
      action: string
      kind: string
      actor_id: string | null
      target_id: string | null
      status: number
      route: string
      metadata?: Record<string, unknown>
    }

    describe("the package", () => {
      it("packs the built server code and admin extensions, nothing else", () => {
        const { files, manifest } = app.plugin
        const paths = files.map((f) => f.path)
        process.stdout.write(
          `[vanilla-app] ${app.plugin.name}@${app.plugin.version}: tarball ${app.plugin.size} bytes, ` +
            `${paths.length} files, ${app.plugin.unpackedSize} bytes unpacked\n`
        )
        expect(manifest.name).toBe(app.plugin.name)
        // Only the build (and the package's docs): no TypeScript sources, tests or dev leftovers.
        expect(
          paths.filter(
            (p) =>
              !p.startsWith(".medusa/server/") &&
              !/^(package\.json|README\.md|LICENSE|CHANGELOG\.md)$/.test(p)
          )
        ).toEqual([])
        expect(
          paths.filter((p) => /__tests__|\.spec\.[jt]s$|\.ts$/.test(p) && !p.endsWith(".d.ts"))
        ).toEqual([])
        // #11656/#14032: `medusa plugin:develop` leaves this file; packed, every app's admin
        // build looks for the extensions in the author's srcDir and silently finds none.
        expect(paths).not.toContain(".medusa/server/medusa-plugin-options.json")
        // The app's admin build imports "<name>/admin" (the import condition, an ES module)
        // and its Tailwind scan resolves it with require: both must point at packed files.
        const adminExport = manifest.exports?.["./admin"] as Record<string, string> | undefined
        expect(adminExport).toEqual(
          expect.objectContaining({
            import: expect.stringMatching(/\.mjs$/),
            require: expect.stringMatching(/\.js$/),
          })
        )
        for (const target of [adminExport!.import, adminExport!.require]) {
          expect(paths).toContain(path.posix.normalize(target))
        }
        expect(manifest.exports?.["./package.json"]).toBe("./package.json")
      })

      it("ships a migration for every module with data models (#11330)", () => {
        const paths = app.plugin.files.map((f) => f.path)
        const modules = new Set(
          paths
            .map((p) => /^\.medusa\/server\/src\/modules\/([^/]+)\/models\//.exec(p)?.[1])
            .filter((m): m is string => !!m)
        )
        expect(modules.size).toBeGreaterThan(0)
        const withoutMigrations = [...modules].filter(
          (m) =>
            !paths.some((p) =>
              new RegExp(`^\\.medusa/server/src/modules/${m}/migrations/Migration[^/]*\\.js$`).test(
                p
              )
            )
        )
        expect(withoutMigrations).toEqual([])
      })

      it("declares @medusajs/* as peer ranges that accept this app's versions and later patches", () => {
        const { peerDependencies = {}, dependencies = {} } = app.plugin.manifest
        const medusaPeers = Object.entries(peerDependencies).filter(([k]) =>
          k.startsWith("@medusajs/")
        )
        expect(medusaPeers.map(([k]) => k)).toEqual(
          expect.arrayContaining(["@medusajs/framework", "@medusajs/medusa"])
        )
        for (const [name, range] of medusaPeers) {
          // What Medusa 2.21.2 brought into the app (2.21.2 itself, or e.g. @medusajs/ui 4.2.6).
          const lock = JSON.parse(
            fs.readFileSync(path.join(app.appDir, "package-lock.json"), "utf8")
          )
          const installed: string | undefined = lock.packages[`node_modules/${name}`]?.version
          if (!installed) continue // an optional peer the app does not use
          const [major, minor, patch] = installed.split(".").map(Number)
          for (const version of [
            installed,
            `${major}.${minor}.${patch + 1}`,
            `${major}.${minor}.99`,
          ]) {
            expect([name, range, version, rangeAccepts(range, version)]).toEqual([
              name,
              range,
              version,
              true,
            ])
          }
        }
        expect(rangeAccepts(peerDependencies["@medusajs/framework"], "2.21.2")).toBe(true)
        // A required peer that the app does not declare itself is installed at npm's newest
        // match, not at Medusa's pin: @medusajs/icons ^2.21.2 became 2.22.1 and split the
        // dashboard's packages (and a payment-stripe 2.22.0 would need framework 2.22.0).
        const template = templatePackage()
        const declared = new Set([
          ...Object.keys(template.dependencies),
          ...Object.keys(template.devDependencies),
        ])
        const meta = app.plugin.manifest.peerDependenciesMeta ?? {}
        expect(
          Object.keys(peerDependencies).filter((k) => !declared.has(k) && !meta[k]?.optional)
        ).toEqual([])
        // A regular dependency would install a second Medusa next to the app's.
        expect(Object.keys(dependencies).filter((k) => k.startsWith("@medusajs/"))).toEqual([])
      })
    })

    describe("the install", () => {
      it("installs the tarball itself (no link) with one copy of what Medusa and the plugin share", () => {
        const installed = path.join(app.appDir, "node_modules", ...app.plugin.name.split("/"))
        expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false)
        const pkg = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"))
        expect(pkg.version).toBe(app.plugin.version)
        expect(app.installOutput).not.toMatch(/ERESOLVE/)
        // One copy each of what Medusa, its dashboard and the plugin's widgets share.
        expect(duplicatedSharedPackages(app.appDir)).toEqual([])
      })

      it("would fail on ERESOLVE if the peers were pinned to another exact version", async () => {
        const probe = await installWithPinnedPeers(app.plugin, "2.21.1")
        expect(probe.code).not.toBe(0)
        expect(probe.output).toMatch(/ERESOLVE/)
        expect(probe.output).toMatch(/Found: @medusajs\/\S+@2\.21\.2/)
      })

      it("ran every packed migration in the app's medusa db:migrate", async () => {
        const migrations = app.plugin.files
          .map(
            (f) =>
              /^\.medusa\/server\/src\/modules\/[^/]+\/migrations\/(Migration[^/]*)\.js$/.exec(
                f.path
              )?.[1]
          )
          .filter((m): m is string => !!m)
        expect(migrations.length).toBeGreaterThan(0)
        const pg = new Client({ connectionString: app.databaseUrl })
        await pg.connect()
        try {
          const ran = (await pg.query("SELECT name FROM mikro_orm_migrations")).rows.map(
            (r: { name: string }) => r.name
          )
          expect(migrations.filter((m) => !ran.includes(m))).toEqual([])
        } finally {
          await pg.end()
        }
      })

      it("bundled the plugin's admin extensions into the production admin build", () => {
        const entry = fs.readFileSync(
          path.join(app.appDir, ".medusa", "client", "entry.jsx"),
          "utf8"
        )
        expect(entry).toContain(`from "${app.plugin.name}/admin"`)
        const assets = path.join(app.serverDir, "public", "admin", "assets")
        const bundle = fs
          .readdirSync(assets)
          .filter((f) => f.endsWith(".js"))
          .map((f) => fs.readFileSync(path.join(assets, f), "utf8"))
          .join("\n")
        for (const testId of ["product-review-summary", "review-row-"])
          expect(bundle).toContain(testId)
      })
    })

    describe("HTTP features against the production server", () => {
      it("answers /health and serves the store API with the plugin's headers", async () => {
        expect((await raw.get("/health")).status).toBe(200)
        const res = await raw.get("/store/regions", { headers: store })
        expect(res.status).toBe(200)
        expect(res.headers["x-request-id"]).toBeTruthy()
        expect(res.headers["x-content-type-options"]).toBe("nosniff")
        expect(res.headers["x-powered-by"]).toBeUndefined()
      })

      it("reviews: create, moderate, list, summarise, vote, delete", async () => {
        const author = await registerShopper("Grace")
        const product = products[0]
        const headers = { headers: author.headers }
        const anonymous = await raw.post(
          `/store/products/${product.id}/reviews`,
          { rating: 5, title: "Great", body: "Nice shirt indeed." },
          { headers: store }
        )
        expect(anonymous.status).toBe(401)
        // The server decides verified_purchase; a client may not send it.
        const forged = await raw.post(
          `/store/products/${product.id}/reviews`,
          { rating: 5, title: "Great", body: "Nice shirt indeed.", verified_purchase: true },
          headers
        )
        expect(forged.status).toBe(400)
        const badRating = await raw.post(
          `/store/products/${product.id}/reviews`,
          { rating: 9, title: "Great", body: "Nice shirt indeed." },
          headers
        )
        expect(badRating.status).toBe(400)

        const created = await api.post(
          `/store/products/${product.id}/reviews`,
          { rating: 4, title: "Solid shirt", body: "Wore it for a week, still looks new." },
          headers
        )
        expect(created.status).toBe(201)
        const review = created.data.review
        expect(review).toMatchObject({ status: "pending", verified_purchase: false, rating: 4 })
        // Pending reviews are not public yet.
        const before = await api.get(`/store/products/${product.id}/reviews`, { headers: store })
        expect(before.data.reviews.map((r: { id: string }) => r.id)).not.toContain(review.id)

        const queue = await api.get(`/admin/reviews?status=pending&product_id=${product.id}`, {
          headers: admin,
        })
        expect(queue.data.reviews.map((r: { id: string }) => r.id)).toContain(review.id)
        await api.post(`/admin/reviews/${review.id}/approve`, {}, { headers: admin })

        const listed = await api.get(`/store/products/${product.id}/reviews?sort=newest`, {
          headers: store,
        })
        const shown = listed.data.reviews.find((r: { id: string }) => r.id === review.id)
        expect(shown).toBeTruthy()
        expect(JSON.stringify(shown)).not.toContain(author.email)
        const summary = (
          await api.get(`/store/products/${product.id}/reviews/summary`, { headers: store })
        ).data.summary
        expect(summary).toMatchObject({ count: 1, average: 4 })
        const many = await api.get(
          `/store/reviews/summaries?product_id[]=${product.id}&product_id[]=${products[1].id}`,
          { headers: store }
        )
        expect(many.data.summaries).toHaveLength(2)

        const voter = await registerShopper("Alan")
        const vote = await api.post(
          `/store/reviews/${review.id}/helpful`,
          {},
          { headers: voter.headers }
        )
        expect(vote.data.helpful_count).toBe(1)
        expect((await raw.post(`/store/reviews/${review.id}/helpful`, {}, headers)).status).toBe(
          400
        )

        await api.delete(`/store/products/${product.id}/reviews/me`, headers)
        expect((await raw.get(`/store/products/${product.id}/reviews/me`, headers)).status).toBe(
          404
        )
      })

      it("wishlist: add (idempotent), price, share, move to cart, remove, admin view", async () => {
        const owner = await registerShopper("Wanda")
        const headers = { headers: owner.headers }
        const ME = "/store/customers/me/wishlist"
        expect((await raw.get(ME, { headers: store })).status).toBe(401)
        const [a, b] = [products[1], products[2]]
        const added = await api.post(`${ME}/items`, { variant_id: a.variantId }, headers)
        expect(added.status).toBe(201)
        const again = await api.post(`${ME}/items`, { variant_id: a.variantId }, headers)
        expect(again.status).toBe(200)
        expect(again.data.wishlist_item.id).toBe(added.data.wishlist_item.id)
        await api.post(`${ME}/items`, { variant_id: b.variantId }, headers)
        const unknown = await raw.post(`${ME}/items`, { variant_id: "variant_01UNKNOWN" }, headers)
        expect(unknown.status).toBe(404)

        const wishlist = (await api.get(`${ME}?region_id=${regionId}`, headers)).data.wishlist
        expect(wishlist.items).toHaveLength(2)
        const itemA = wishlist.items.find(
          (i: { variant_id: string }) => i.variant_id === a.variantId
        )
        expect(itemA.variant.calculated_price.calculated_amount).toBe(21)

        const token = (await api.post(`${ME}/share`, {}, headers)).data.share_token
        const shared = await api.get(`/store/wishlists/shared/${token}?region_id=${regionId}`, {
          headers: store,
        })
        expect(shared.data.wishlist.owner.first_name).toBe("Wanda")
        expect(JSON.stringify(shared.data)).not.toContain(owner.email)

        const cart = (await api.post("/store/carts", { region_id: regionId }, headers)).data.cart
        const moved = await api.post(
          `${ME}/items/${added.data.wishlist_item.id}/move-to-cart`,
          { cart_id: cart.id },
          headers
        )
        expect(moved.data.removed_item_id).toBe(added.data.wishlist_item.id)
        const cartNow = (await api.get(`/store/carts/${cart.id}`, headers)).data.cart
        expect(cartNow.items.map((i: { variant_id: string }) => i.variant_id)).toEqual([
          a.variantId,
        ])

        const left = (await api.get(ME, headers)).data.wishlist.items
        expect(left.map((i: { variant_id: string }) => i.variant_id)).toEqual([b.variantId])
        await api.delete(`${ME}/share`, headers)
        expect((await raw.get(`/store/wishlists/shared/${token}`, { headers: store })).status).toBe(
          404
        )
        const adminView = await api.get(`/admin/customers/${owner.id}/wishlist`, { headers: admin })
        expect(adminView.data.wishlists[0].items).toHaveLength(1)
      })

      it("e-mail verification: the registration mail's token verifies the customer", async () => {
        const c = await registerShopper("Vera")
        const headers = { headers: c.headers }
        const mail = await mailbox.waitFor(c.email)
        expect(mail.from).toBe("shop@vanilla.test")
        const first = tokenFrom(mail, "Verification token")
        const before = await api.get("/store/customers/me/verification", headers)
        expect(before.data.verification.verified).toBe(false)
        // A resend mails a fresh token; the first one stops working.
        expect(
          (await api.post("/store/customers/me/verify-email/resend", {}, headers)).status
        ).toBe(202)
        const token = tokenFrom(await mailbox.waitFor(c.email, 2), "Verification token")
        expect(token).not.toBe(first)
        expect(
          (await raw.post("/store/customers/me/verify-email", { token: first }, headers)).status
        ).toBe(400)
        const wrong = await raw.post(
          "/store/customers/me/verify-email",
          { token: "not-the-token" },
          headers
        )
        expect(wrong.status).toBe(400)
        expect(
          (await raw.post("/store/customers/me/verify-email", { token }, { headers: store })).status
        ).toBe(401)
        const ok = await api.post("/store/customers/me/verify-email", { token }, headers)
        expect(ok.data.verification).toMatchObject({ verified: true, email: c.email })
        const adminView = await api.get(`/admin/customers/${c.id}/verification`, { headers: admin })
        expect(adminView.data.verification.verified).toBe(true)
        expect(
          (await raw.post("/store/customers/me/verify-email/resend", {}, headers)).status
        ).toBe(400)
      })

      it("audit log: admin mutations with actor, target and status; auth events; no secrets", async () => {
        const target = products[1]
        await api.post(`/admin/products/${target.id}`, { subtitle: "Audited" }, { headers: admin })
        const missing = await raw.post(
          "/admin/products/prod_01MISSING",
          { title: "x" },
          { headers: admin }
        )
        expect(missing.status).toBe(404)
        // Entries are written after the answer, so wait for both, not just the later request's.
        const logs = await auditLogs(
          "kind=admin&limit=100",
          (l) =>
            l.some((r) => r.route === "/admin/products/prod_01MISSING") &&
            l.some((r) => r.route === `/admin/products/${target.id}`)
        )
        expect(logs).toEqual(
          expect.arrayContaining([
            // The seeding in beforeAll.
            expect.objectContaining({
              action: "POST /admin/products",
              actor_id: adminId,
              status: 200,
            }),
            expect.objectContaining({
              action: "POST /admin/products/:id",
              actor_id: adminId,
              target_id: target.id,
              route: `/admin/products/${target.id}`,
              status: 200,
            }),
            expect.objectContaining({ route: "/admin/products/prod_01MISSING", status: 404 }),
          ])
        )
        // Bodies are never stored.
        expect(JSON.stringify(logs)).not.toContain("Audited")
        expect(logs.some((r) => r.action.startsWith("GET "))).toBe(false)
        const auth = await auditLogs("kind=auth&limit=100", (l) =>
          ["auth.login_succeeded", "auth.registered"].every((a) => l.some((r) => r.action === a))
        )
        expect(auth.map((r) => r.action)).toEqual(
          expect.arrayContaining(["auth.login_succeeded", "auth.registered"])
        )
        expect(JSON.stringify(auth)).not.toContain(app.adminPassword)
        expect((await raw.get("/admin/audit-logs")).status).toBe(401)
        expect((await raw.get("/admin/audit-logs?limit=1000", { headers: admin })).status).toBe(400)
      })

      it("ownership: a registered customer's cart answers only to that customer", async () => {
        const alice = await registerShopper("Alice")
        const bob = await registerShopper("Bob")
        const cart = (
          await api.post("/store/carts", { region_id: regionId }, { headers: alice.headers })
        ).data.cart
        await api.post(
          `/store/carts/${cart.id}/line-items`,
          { variant_id: products[0].variantId, quantity: 1 },
          { headers: alice.headers }
        )
        const c = `/store/carts/${cart.id}`
        for (const who of [bob.headers, store]) {
          const read = await raw.get(c, { headers: who })
          expect(read.status).toBe(404)
          expect(read.data).toEqual({
            type: "not_found",
            message: `Cart with id '${cart.id}' not found`,
          })
          const write = await raw.post(
            `${c}/line-items`,
            { variant_id: products[1].variantId, quantity: 3 },
            { headers: who }
          )
          expect(write.status).toBe(404)
          expect((await raw.post(c, { email: "thief@example.com" }, { headers: who })).status).toBe(
            404
          )
        }
        // Clients cannot set prices.
        const priced = await raw.post(
          `${c}/line-items`,
          { variant_id: products[1].variantId, quantity: 1, unit_price: 1 },
          { headers: alice.headers }
        )
        expect(priced.status).toBe(400)
        const mine = (await api.get(c, { headers: alice.headers })).data.cart
        expect(
          mine.items.map((i: { variant_id: string; quantity: number }) => [
            i.variant_id,
            i.quantity,
          ])
        ).toEqual([[products[0].variantId, 1]])
        expect(mine.email).toBe(alice.email)
        // Another customer's wishlist item is just as invisible.
        const item = (
          await api.post(
            "/store/customers/me/wishlist/items",
            { variant_id: products[3].variantId },
            { headers: alice.headers }
          )
        ).data.wishlist_item
        expect(
          (
            await raw.delete(`/store/customers/me/wishlist/items/${item.id}`, {
              headers: bob.headers,
            })
          ).status
        ).toBe(404)
      })

      it("brute force: the 10th login after 9 wrong passwords gets 429 with Retry-After", async () => {
        const victim = await registerShopper("Victor")
        const login = (password: string) =>
          raw.post("/auth/customer/emailpass", { email: victim.email, password })
        const unknown = await raw.post("/auth/customer/emailpass", {
          email: `nobody-${Date.now()}@example.com`,
          password: "Wrong-Password-0",
        })
        expect(unknown.status).toBe(401)
        for (let i = 1; i <= 9; i++) {
          const res = await login(`Wrong-Password-${i}`)
          expect([i, res.status]).toEqual([i, 401])
          // Same answer for a wrong password as for an unknown account.
          expect(res.data).toEqual(unknown.data)
        }
        const locked = await login(victim.password)
        expect(locked.status).toBe(429)
        expect(Number(locked.headers["retry-after"])).toBeGreaterThan(0)
        const logs = await auditLogs("kind=auth&action=auth.lockout&limit=100", (l) => l.length > 0)
        expect(logs.length).toBeGreaterThan(0)
      })

      it("catalog cache: MISS then HIT with ETag/304, bypass when logged in, invalidated by an admin change", async () => {
        const url = `/store/products?limit=7&region_id=${regionId}&fields=*variants.calculated_price`
        const first = await api.get(url, { headers: store })
        const second = await api.get(url, { headers: store })
        expect(first.headers["x-cache"]).toBe("MISS")
        expect(second.headers["x-cache"]).toBe("HIT")
        expect(second.data).toEqual(first.data)
        expect(second.headers["cache-control"]).toBe("public, max-age=0, must-revalidate")
        const etag = second.headers.etag
        expect(etag).toBeTruthy()
        const notModified = await raw.get(url, { headers: { ...store, "if-none-match": etag } })
        expect(notModified.status).toBe(304)
        const shopper = await registerShopper("Cass")
        const personal = await api.get(url, { headers: shopper.headers })
        expect(personal.headers["x-cache"]).toBe("BYPASS")

        const target = products[3]
        await api.post(
          `/admin/products/${target.id}`,
          { title: "Rain Jacket (new)" },
          { headers: admin }
        )
        const started = Date.now()
        let titles: string[] = []
        while (Date.now() - started < 5000) {
          const res = await api.get(url, { headers: store })
          titles = res.data.products.map((p: { title: string }) => p.title)
          if (titles.includes("Rain Jacket (new)")) break
          await new Promise((r) => setTimeout(r, 50))
        }
        expect(titles).toContain("Rain Jacket (new)")
        process.stdout.write(`[vanilla-app] cache invalidated within ${Date.now() - started} ms\n`)
      })
    })

    describeWithBinaries(["chromium"], "admin UI in Chromium (production build)", () => {
      let browser: Browser
      let page: Page
      let pending: { id: string }
      let customer: Shopper

      beforeAll(async () => {
        // A review waiting for moderation and a customer with a wishlist item to look at.
        customer = await registerShopper("Uma")
        pending = (
          await api.post(
            `/store/products/${products[2].id}/reviews`,
            { rating: 5, title: "Roomy tote", body: "Carries a laptop and lunch easily." },
            { headers: customer.headers }
          )
        ).data.review
        await api.post(
          "/store/customers/me/wishlist/items",
          { variant_id: products[2].variantId },
          { headers: customer.headers }
        )
        browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
        // Medusa sets the session cookie Secure in production; the TLS proxy in front of a
        // real deployment says so with X-Forwarded-Proto (Chromium keeps Secure cookies on
        // http://localhost).
        const context = await browser.newContext({
          viewport: { width: 1440, height: 900 },
          extraHTTPHeaders: { "x-forwarded-proto": "https" },
        })
        page = await context.newPage()
        await page.goto(`${app.baseUrl}/app/login`)
        await page.fill('input[name="email"]', app.adminEmail)
        await page.fill('input[name="password"]', app.adminPassword)
        await page.click('button[type="submit"]')
        await page.waitForURL((url) => !url.pathname.endsWith("/login"), { timeout: 60_000 })
      })

      afterAll(async () => {
        await browser?.close()
      })

      async function shot(name: string) {
        fs.mkdirSync(ARTIFACTS, { recursive: true })
        await page.screenshot({ path: path.join(ARTIFACTS, `vanilla-${name}.png`), fullPage: true })
      }

      it("shows the Reviews page in the sidebar with the moderation queue", async () => {
        try {
          await page.getByRole("link", { name: "Reviews" }).first().click()
          await page.waitForURL(/\/app\/reviews/)
          await page.getByTestId(`review-row-${pending.id}`).waitFor({ timeout: 60_000 })
          await expect(page.getByTestId(`status-${pending.id}`).textContent()).resolves.toBe(
            "pending"
          )
          await shot("reviews")
        } catch (e) {
          await shot("reviews-failure")
          throw e
        }
      })

      it("shows the Audit log page with the admin's mutations", async () => {
        try {
          await page.getByRole("link", { name: "Audit log" }).first().click()
          await page.waitForURL(/\/app\/audit-logs/)
          await page
            .getByRole("row")
            .filter({ hasText: "POST /admin/products" })
            .first()
            .waitFor({ timeout: 60_000 })
          await shot("audit-log")
        } catch (e) {
          await shot("audit-log-failure")
          throw e
        }
      })

      it("shows the reviews widget on the product page", async () => {
        try {
          await page.goto(`${app.baseUrl}/app/products/${products[2].id}`)
          const widget = page.getByTestId("product-review-summary")
          await widget.waitFor({ timeout: 60_000 })
          await page.getByText("Roomy tote").first().waitFor({ timeout: 30_000 })
          await widget.scrollIntoViewIfNeeded()
          await shot("product-widget")
        } catch (e) {
          await shot("product-widget-failure")
          throw e
        }
      })

      it("shows the e-mail verification and wishlist widgets on the customer page", async () => {
        try {
          await page.goto(`${app.baseUrl}/app/customers/${customer.id}`)
          await page
            .getByRole("heading", { name: "E-mail verification" })
            .waitFor({ timeout: 60_000 })
          await page.getByText("Not verified").first().waitFor({ timeout: 30_000 })
          await page.getByRole("heading", { name: "Wishlist" }).waitFor({ timeout: 30_000 })
          const cell = page.getByRole("cell", { name: products[2].title }).first()
          await cell.waitFor({ timeout: 30_000 })
          await cell.scrollIntoViewIfNeeded()
          await shot("customer-widgets")
        } catch (e) {
          await shot("customer-widgets-failure")
          throw e
        }
      })
    })
  })
}
