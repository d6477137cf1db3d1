import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import jwt from "jsonwebtoken"
import dataRightsErasureJob from "@commerce-api/plugin/jobs/data-rights-erasure"
import dataRightsRetentionJob from "@commerce-api/plugin/jobs/data-rights-retention"
import { CustomerDataExport } from "@commerce-api/plugin/lib/data-export-schema"
import { AUDIT_MODULE } from "@commerce-api/plugin/modules/audit"
import type { AuditModuleService } from "@commerce-api/plugin/modules/audit"
import { eraseCustomerWorkflow } from "@commerce-api/plugin/workflows"
import {
  address,
  cartReadyToComplete,
  type Demo,
  failing,
  findVariants,
  registerCustomer,
  seedForTests,
  TEST_JWT_SECRET,
} from "../helpers/fixtures"
import { mailboxForSuite, tokenFrom } from "../helpers/smtp"

jest.setTimeout(600 * 1000)

const mailbox = mailboxForSuite()
const HOUR = 3600 * 1000

/**
 * Every row of every table in the database whose text or JSON mentions one of `needles`
 * (case-insensitive): the proof that erasure left no personal data behind.
 */
async function findInDatabase(container: MedusaContainer, needles: string[]) {
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const { rows: columns } = await pg.raw(
    `select table_name, column_name from information_schema.columns
     where table_schema = 'public'
       and data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`
  )
  const byTable = new Map<string, string[]>()
  for (const c of columns as { table_name: string; column_name: string }[]) {
    byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), c.column_name])
  }
  const hits: string[] = []
  for (const [table, cols] of byTable) {
    for (const needle of needles) {
      const where = cols.map((c) => `"${c}"::text ilike ?`).join(" or ")
      const { rows } = await pg.raw(
        `select count(*)::int as n from "${table}" where ${where}`,
        cols.map(() => `%${needle}%`)
      )
      if (rows[0].n > 0) hits.push(`${table}: ${rows[0].n} row(s) with "${needle}"`)
    }
  }
  return hits
}

medusaIntegrationTestRunner({
  inApp: true,
  env: { DATA_EXPORT_MAX_PER_HOUR: "5" },
  testSuite: ({ api, getContainer }) => {
    let demo: Demo
    let variants: Awaited<ReturnType<typeof findVariants>>
    const erasedEvents: unknown[] = []

    beforeAll(async () => {
      await mailbox.start()
      demo = await seedForTests(getContainer())
      variants = await findVariants(getContainer())
      getContainer()
        .resolve(Modules.EVENT_BUS)
        .subscribe("customer.erased", async (event: { data: unknown }) => {
          erasedEvents.push(event.data)
        })
    })

    afterAll(async () => {
      await mailbox.stop()
    })

    const admin = () => demo.adminHeaders
    const store = () => demo.storeHeaders.headers

    /** A customer with something in every place the export covers. */
    async function richCustomer(tag: string) {
      const first = `Eberhardine${tag}`
      const last = `Quixotefield${tag}`
      const phone = `+49151${Date.now().toString().slice(-7)}`
      const c = await registerCustomer(api, store(), { first_name: first })
      await api.post("/store/customers/me", { last_name: last, phone }, c.headers)
      await api.post(
        "/store/customers/me/addresses",
        { ...address, first_name: first, last_name: last, phone, address_1: `${last}straat 9` },
        c.headers
      )
      const cart = await cartReadyToComplete(api, c.headers, {
        regionId: demo.regions.eur,
        variantId: variants.inStock[0].id,
      })
      await api.post(
        `/store/carts/${cart.id}`,
        { shipping_address: { ...address, first_name: first, last_name: last, phone } },
        c.headers
      )
      const done = await api.post(`/store/carts/${cart.id}/complete`, {}, c.headers)
      expect(done.data.type).toBe("order")
      // An abandoned cart with the address.
      const open = (await api.post("/store/carts", { region_id: demo.regions.eur }, c.headers)).data
        .cart
      await api.post(
        `/store/carts/${open.id}`,
        { shipping_address: { ...address, first_name: first, last_name: last } },
        c.headers
      )
      const productId = variants.inStock[0].product_id
      const review = (
        await api.post(
          `/store/products/${productId}/reviews`,
          { rating: 5, title: "Great", body: "Exactly as described." },
          c.headers
        )
      ).data.review
      await api.post(`/admin/reviews/${review.id}/approve`, {}, admin())
      await api.post(
        "/store/customers/me/wishlist/items",
        { variant_id: variants.inStock[1].id },
        c.headers
      )
      await api.post("/store/customers/me/wishlist/share", {}, c.headers)
      return {
        ...c,
        first,
        last,
        phone,
        order: done.data.order,
        cartId: open.id,
        review,
        productId,
      }
    }

    /** A token for the customer as if the login happened `minutes` ago. */
    function oldToken(token: string, minutes: number) {
      const payload = jwt.decode(token) as Record<string, unknown>
      const { iat: _iat, exp: _exp, ...claims } = payload
      return jwt.sign(
        { ...claims, iat: Math.floor(Date.now() / 1000) - minutes * 60 },
        TEST_JWT_SECRET,
        { expiresIn: "1d" }
      )
    }
    const bearer = (token: string) => ({
      headers: { ...store(), authorization: `Bearer ${token}` },
    })

    describe("export", () => {
      it("downloads everything about the customer after a fresh login, never secrets", async () => {
        const c = await richCustomer("X")
        // A helpful vote on somebody else's review.
        const other = await registerCustomer(api, store(), { first_name: "Olga" })
        const otherReview = (
          await api.post(
            `/store/products/${variants.inStock[2].product_id}/reviews`,
            { rating: 3, title: "Fine", body: "Does the job." },
            other.headers
          )
        ).data.review
        await api.post(`/admin/reviews/${otherReview.id}/approve`, {}, admin())
        await api.post(`/store/reviews/${otherReview.id}/helpful`, {}, c.headers)

        // registerCustomer logged in a moment ago: no password needed.
        const res = await api.post("/store/customers/me/data-export", {}, c.headers)
        expect(res.status).toBe(200)
        expect(res.headers["content-disposition"]).toBe(
          `attachment; filename="customer-data-${c.customer.id}.json"`
        )
        expect(res.headers["cache-control"]).toMatch(/no-store/)
        const doc = CustomerDataExport.parse(res.data)
        expect(doc.version).toBe(1)
        expect(doc.customer).toMatchObject({
          id: c.customer.id,
          email: c.email,
          first_name: c.first,
          last_name: c.last,
          phone: c.phone,
        })
        expect(doc.addresses).toHaveLength(1)
        expect(doc.addresses[0].address_1).toBe(`${c.last}straat 9`)
        expect(doc.auth_identities).toEqual([
          expect.objectContaining({ provider: "emailpass", entity_id: c.email }),
        ])
        expect(doc.email_verification).toMatchObject({ email: c.email, verified: false })
        expect(doc.orders).toHaveLength(1)
        const order = doc.orders[0]
        expect(order.display_id).toBe(c.order.display_id)
        expect(order.total).toBeGreaterThan(0)
        expect(order.items[0].quantity).toBe(1)
        expect(order.shipping_address?.last_name).toBe(c.last)
        expect(order.payments).toEqual([
          expect.objectContaining({ provider_id: "pp_system_default", amount: order.total }),
        ])
        expect(doc.carts.map((x) => x.id)).toContain(c.cartId)
        expect(doc.reviews).toEqual([expect.objectContaining({ id: c.review.id, rating: 5 })])
        expect(doc.helpful_votes).toEqual([expect.objectContaining({ review_id: otherReview.id })])
        expect(doc.wishlists).toHaveLength(1)
        expect(doc.wishlists[0]).toMatchObject({ shared: true })
        expect(doc.wishlists[0].items[0].variant_id).toBe(variants.inStock[1].id)
        expect(doc.audit_log.map((e) => e.action)).toEqual(
          expect.arrayContaining(["auth.registered", "auth.login_succeeded"])
        )
        // No password hash, provider payload, share or auth token anywhere in it.
        const text = JSON.stringify(res.data)
        expect(text).not.toMatch(/provider_metadata|password|share_token|token_hash/i)
        expect(text).not.toContain(c.token)
        expect(text).not.toMatch(/"data":/)

        // The export itself is audited.
        const audit = await api.get(
          `/admin/audit-logs?action=data_rights.customer_exported&limit=5`,
          admin()
        )
        expect(audit.data.audit_logs.map((e: { target_id: string }) => e.target_id)).toContain(
          c.customer.id
        )
      })

      it("needs the password once the login is older than 5 minutes, and is rate-limited", async () => {
        const c = await registerCustomer(api, store(), { first_name: "Rita" })
        const stale = bearer(oldToken(c.token, 6))
        const noPassword = await failing(api.post("/store/customers/me/data-export", {}, stale))
        expect(noPassword.status).toBe(401)
        expect(noPassword.data.message).toMatch(/password/)
        const wrong = await failing(
          api.post("/store/customers/me/data-export", { password: "not-it-at-all" }, stale)
        )
        expect(wrong.status).toBe(401)
        // Backdate the login: a token with a fresh `iat` (as /auth/token/refresh issues)
        // has no login behind it and is refused too.
        const audit = getContainer().resolve<AuditModuleService>(AUDIT_MODULE)
        const logins = await audit.listAuditLogs({
          action: "auth.login_succeeded",
          metadata: { identifier: c.email },
        })
        expect(logins.length).toBeGreaterThanOrEqual(1)
        await audit.updateAuditLogs(
          logins.map((l) => ({ id: l.id, occurred_at: new Date(Date.now() - 10 * 60 * 1000) }))
        )
        const refreshed = bearer(oldToken(c.token, 0))
        expect(
          (await failing(api.post("/store/customers/me/data-export", {}, refreshed))).status
        ).toBe(401)
        const ok = await api.post(
          "/store/customers/me/data-export",
          { password: c.password },
          stale
        )
        expect(CustomerDataExport.parse(ok.data).customer.id).toBe(c.customer.id)
        const bad = await failing(
          api.post("/store/customers/me/data-export", { password: 7 }, stale)
        )
        expect(bad.status).toBe(400)
        // DATA_EXPORT_MAX_PER_HOUR=5 attempts per customer, failed ones included.
        const limited = await failing(
          api.post("/store/customers/me/data-export", { password: c.password }, stale)
        )
        expect(limited.status).toBe(429)
        expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0)
        const anonymous = await failing(
          api.post("/store/customers/me/data-export", {}, { headers: store() })
        )
        expect(anonymous.status).toBe(401)
      })

      it("lets an admin download a customer's data", async () => {
        const c = await registerCustomer(api, store(), { first_name: "Adelheid" })
        const res = await api.post(`/admin/customers/${c.customer.id}/data-export`, {}, admin())
        expect(res.headers["content-disposition"]).toMatch(/attachment/)
        const doc = CustomerDataExport.parse(res.data)
        expect(doc.customer.first_name).toBe("Adelheid")
        const missing = await failing(
          api.post("/admin/customers/cus_01JAAAAAAAAAAAAAAAAAAAAAAA/data-export", {}, admin())
        )
        expect(missing.status).toBe(404)
        const anonymous = await failing(
          api.post(`/admin/customers/${c.customer.id}/data-export`, {})
        )
        expect(anonymous.status).toBe(401)
      })
    })

    describe("erasure", () => {
      it("self-service: mailed confirmation, grace period, then nothing personal is left", async () => {
        const c = await richCustomer("Y")
        const needles = [c.email, c.first, c.last, c.phone]
        const container = getContainer()
        expect((await findInDatabase(container, needles)).length).toBeGreaterThan(0)

        const asked = await api.post("/store/customers/me/erasure", {}, c.headers)
        expect(asked.status).toBe(202)
        const mail = await mailbox.waitFor(c.email, 2) // #1 is the verification mail
        expect(mail.text).toMatch(/Subject: Confirm the erasure of your account/)
        const token = tokenFrom(mail, "Erasure token")
        const status = await api.get("/store/customers/me/erasure", c.headers)
        expect(status.data.erasure_request.status).toBe("awaiting_confirmation")

        const wrong = await failing(
          api.post("/store/customers/me/erasure/confirm", { token: "nope" }, c.headers)
        )
        expect(wrong.status).toBe(400)
        const empty = await failing(api.post("/store/customers/me/erasure/confirm", {}, c.headers))
        expect(empty.status).toBe(400)
        const confirmed = await api.post(
          "/store/customers/me/erasure/confirm",
          { token },
          c.headers
        )
        expect(confirmed.data.erased).toBe(false)
        expect(confirmed.data.erasure_request.status).toBe("scheduled")
        const due = new Date(confirmed.data.erasure_request.execute_after).getTime()
        expect(Math.abs(due - (Date.now() + 72 * HOUR))).toBeLessThan(5 * 60 * 1000)

        // Inside the grace period the job leaves it alone; after it, it erases.
        expect((await dataRightsErasureJob(container, new Date())).erased).toBe(0)
        expect(await findInDatabase(container, [c.email])).not.toEqual([])
        const run = await dataRightsErasureJob(container, new Date(Date.now() + 73 * HOUR))
        expect(run).toEqual({ erased: 1, failed: 0 })

        // The database holds none of it: customer, addresses, orders, carts, auth, mails, audit.
        expect(await findInDatabase(container, needles)).toEqual([])
        expect(erasedEvents).toContainEqual({ id: c.customer.id, requested_by: "customer" })

        // Order numbers, amounts and dates stay.
        const order = (
          await api.get(`/admin/orders/${c.order.id}?fields=+total,+tax_total,+email`, admin())
        ).data.order
        expect(order.display_id).toBe(c.order.display_id)
        expect(order.total).toBe(c.order.total)
        expect(order.email).toMatch(/@erased\.invalid$/)
        expect(new Date(order.created_at).toISOString()).toBe(
          new Date(c.order.created_at).toISOString()
        )
        // The review stays as "Former customer" (default option).
        const reviews = await api.get(`/store/products/${c.productId}/reviews?limit=50`, {
          headers: store(),
        })
        const kept = reviews.data.reviews.find((r: { id: string }) => r.id === c.review.id)
        expect(kept.author_name).toBe("Former customer")

        // No search finds the old address.
        const q = encodeURIComponent(c.email)
        expect((await api.get(`/admin/customers?q=${q}`, admin())).data.customers).toEqual([])
        expect((await api.get(`/admin/orders?q=${q}`, admin())).data.orders).toEqual([])

        // The old token is dead, the old password too; the address can register anew.
        const me = await failing(api.get("/store/customers/me", c.headers))
        expect(me.status).toBe(401)
        const login = await failing(
          api.post("/auth/customer/emailpass", { email: c.email, password: c.password })
        )
        expect(login.status).toBe(401)
        const again = await registerCustomer(api, store(), { email: c.email, first_name: "New" })
        expect(again.customer.id).not.toBe(c.customer.id)
        expect((await api.get("/store/customers/me", again.headers)).data.customer.email).toBe(
          c.email
        )

        // Idempotent: a second run changes nothing and emits nothing.
        const events = erasedEvents.length
        const { result } = await eraseCustomerWorkflow(container).run({
          input: { customer_id: c.customer.id, requested_by: "admin", actor_id: null },
        })
        expect(result.already_erased).toBe(true)
        expect(erasedEvents.length).toBe(events)

        // The audit entry names who and how many, never the erased data.
        const audit = await api.get(
          `/admin/audit-logs?action=data_rights.customer_erased&limit=50`,
          admin()
        )
        const entry = audit.data.audit_logs.find(
          (e: { target_id: string }) => e.target_id === c.customer.id
        )
        expect(entry.metadata).toMatchObject({ requested_by: "customer", orders: 1, wishlists: 1 })
        expect(JSON.stringify(entry)).not.toContain(c.last)
      })

      it("can be cancelled during the grace period", async () => {
        const c = await registerCustomer(api, store(), { first_name: "Cora" })
        await api.post("/store/customers/me/erasure", {}, c.headers)
        const token = tokenFrom(await mailbox.waitFor(c.email, 2), "Erasure token")
        await api.post("/store/customers/me/erasure/confirm", { token }, c.headers)
        const cancelled = await api.delete("/store/customers/me/erasure", c.headers)
        expect(cancelled.data.erasure_request.status).toBe("cancelled")
        expect((await api.get("/store/customers/me/erasure", c.headers)).data.erasure_request).toBe(
          null
        )
        await dataRightsErasureJob(getContainer(), new Date(Date.now() + 100 * HOUR))
        expect((await api.get("/store/customers/me", c.headers)).data.customer.first_name).toBe(
          "Cora"
        )
        expect((await failing(api.delete("/store/customers/me/erasure", c.headers))).status).toBe(
          404
        )
      })

      it("admin: scheduled, or at once with immediate", async () => {
        const c = await richCustomer("Z")
        const bad = await failing(
          api.post(`/admin/customers/${c.customer.id}/erasure`, { immediate: "yes" }, admin())
        )
        expect(bad.status).toBe(400)
        const missing = await failing(
          api.post("/admin/customers/cus_01JAAAAAAAAAAAAAAAAAAAAAAA/erasure", {}, admin())
        )
        expect(missing.status).toBe(404)
        const scheduled = await api.post(`/admin/customers/${c.customer.id}/erasure`, {}, admin())
        expect(scheduled.status).toBe(202)
        expect(scheduled.data).toMatchObject({
          erased: false,
          erasure_request: { status: "scheduled", requested_by: "admin" },
        })
        const now = await api
          .post(`/admin/customers/${c.customer.id}/erasure`, { immediate: true }, admin())
          .catch((e: { response?: { data?: unknown } }) => {
            throw new Error(`immediate erasure: ${JSON.stringify(e.response?.data)}`)
          })
        expect(now.status).toBe(200)
        expect(now.data).toMatchObject({ erased: true, erasure_request: { status: "completed" } })
        expect(await findInDatabase(getContainer(), [c.email, c.first, c.last, c.phone])).toEqual(
          []
        )
        expect(erasedEvents).toContainEqual({ id: c.customer.id, requested_by: "admin" })
      })
    })

    describe("retention", () => {
      it("anonymises old guest customers and abandoned carts, keeps recent ones", async () => {
        const guestEmail = `guest-${Date.now()}@example.com`
        const guest = { headers: store() }
        const cart = await cartReadyToComplete(api, guest, {
          regionId: demo.regions.eur,
          variantId: variants.inStock[0].id,
          email: guestEmail,
        })
        const done = await api.post(`/store/carts/${cart.id}/complete`, {}, guest)
        expect(done.data.type).toBe("order")
        // A registered customer's cart left with an address: the cart is anonymised, the
        // customer is not.
        const shopper = await registerCustomer(api, store(), { first_name: "Abby" })
        const abandoned = await cartReadyToComplete(api, shopper.headers, {
          regionId: demo.regions.eur,
          variantId: variants.inStock[0].id,
        })
        const container = getContainer()

        // Young data stays.
        await dataRightsRetentionJob(container, new Date())
        expect(await findInDatabase(container, [guestEmail])).not.toEqual([])

        // Two years on (defaults: guests 730 days, carts 90 days) it is anonymised.
        const later = new Date(Date.now() + 731 * 24 * HOUR)
        const result = await dataRightsRetentionJob(container, later)
        expect(result.guests).toBeGreaterThanOrEqual(1)
        expect(result.carts).toBeGreaterThanOrEqual(1)
        expect(await findInDatabase(container, [guestEmail])).toEqual([])
        const order = (await api.get(`/admin/orders/${done.data.order.id}`, admin())).data.order
        expect(order.display_id).toBe(done.data.order.display_id)
        expect(order.shipping_address.first_name).toBe(null)
        const left = (await api.get(`/store/carts/${abandoned.id}`, shopper.headers)).data.cart
        expect(left.email).toBe(null)
        expect(left.shipping_address.first_name).toBe(null)
        expect(left.shipping_address.address_1).toBe(null)
        expect(left.shipping_address.country_code).toBe("nl")
        expect(left.items).toHaveLength(1)
        const me = (await api.get("/store/customers/me", shopper.headers)).data.customer
        expect(me).toMatchObject({ first_name: "Abby", email: shopper.email })
        // A second run finds nothing left to do.
        expect(await dataRightsRetentionJob(container, later)).toEqual({ guests: 0, carts: 0 })
      })
    })
  },
})
