import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import auditRetentionJob from "@commerce-api/plugin/jobs/audit-retention"
import { AUDIT_MODULE } from "@commerce-api/plugin/modules/audit"
import type { AuditModuleService } from "@commerce-api/plugin/modules/audit"
import { type Demo, failing, registerCustomer, seedForTests } from "../helpers/fixtures"
import { mailboxForSuite, tokenFrom } from "../helpers/smtp"

jest.setTimeout(600 * 1000)

const mailbox = mailboxForSuite()

medusaIntegrationTestRunner({
  inApp: true,
  env: {
    AUTH_MAX_FAILURES_PER_ACCOUNT: "3",
    TRUSTED_PROXIES: "*",
  },
  testSuite: ({ api, getContainer }) => {
    let demo: Demo
    let adminId: string

    beforeAll(async () => {
      await mailbox.start()
      demo = await seedForTests(getContainer())
      const me = await api.get("/admin/users/me", demo.adminHeaders)
      adminId = me.data.user.id
    })

    afterAll(async () => {
      await mailbox.stop()
    })

    const admin = () => demo.adminHeaders
    const logs = async (query: string) =>
      (await api.get(`/admin/audit-logs?${query}`, admin())).data

    /** Audit rows are written once the response finished: poll briefly. */
    async function waitForLogs(query: string, n = 1, actions: string[] = []) {
      // Entries are written after each response has gone out, so wait for the ones expected.
      const until = Date.now() + 30000
      for (;;) {
        const data = await logs(query)
        const seen = new Set(data.audit_logs.map((l: any) => l.action))
        // Rows, not `count`: list and count are two queries, and a row committed between
        // them made count 2 with one row listed (seen in CI).
        const complete = data.audit_logs.length >= n && actions.every((a) => seen.has(a))
        if (complete || Date.now() > until) return data
        await new Promise((r) => setTimeout(r, 100))
      }
    }

    describe("admin mutations", () => {
      it("records who changed what, with route, method, target, status and IP", async () => {
        const list = await api.get("/admin/products?limit=1", admin())
        const id = list.data.products[0].id
        await api.post(
          `/admin/products/${id}`,
          { title: "Renamed" },
          {
            headers: { ...admin().headers, "x-forwarded-for": "203.0.113.50" },
          }
        )
        const missing = await failing(
          api.post("/admin/products/prod_01JZZZZZZZZZZZZZZZZZZZZZZZ", { title: "x" }, admin())
        )
        expect(missing.status).toBe(404)

        const data = await waitForLogs("kind=admin", 2)
        expect(data.audit_logs).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              kind: "admin",
              actor_id: adminId,
              actor_type: "user",
              method: "POST",
              route: `/admin/products/${id}`,
              target_id: id,
              status: 200,
              ip: "203.0.113.50",
            }),
            expect.objectContaining({
              route: "/admin/products/prod_01JZZZZZZZZZZZZZZZZZZZZZZZ",
              status: 404,
            }),
          ])
        )
        // Reads are not mutations.
        expect(data.audit_logs.some((l: any) => l.method === "GET")).toBe(false)
        // Bodies are never stored.
        expect(JSON.stringify(data)).not.toContain("Renamed")
      })

      it("filters by actor, method, status and time, and paginates with a capped limit", async () => {
        const list = await api.get("/admin/products?limit=3", admin())
        for (const p of list.data.products) {
          await api.post(`/admin/products/${p.id}`, { subtitle: "s" }, admin())
        }
        await api.delete(`/admin/products/${list.data.products[2].id}`, admin())
        await waitForLogs("kind=admin", 4)

        const byActor = await logs(`actor_id=${adminId}`)
        expect(byActor.count).toBe(4)
        expect((await logs("actor_id=user_nobody")).count).toBe(0)
        const deletes = await logs("method=delete")
        expect(deletes.count).toBe(1)
        expect(deletes.audit_logs[0].target_id).toBe(list.data.products[2].id)
        expect((await logs("status=200&kind=admin")).count).toBe(4)
        expect((await logs("action=DELETE%20%2Fadmin%2Fproducts%2F%3Aid")).count).toBe(1)

        const future = new Date(Date.now() + 3600 * 1000).toISOString()
        const past = new Date(Date.now() - 3600 * 1000).toISOString()
        expect((await logs(`from=${future}`)).count).toBe(0)
        expect((await logs(`from=${past}&to=${future}&kind=admin`)).count).toBe(4)

        const page1 = await logs("kind=admin&limit=2")
        const page2 = await logs("kind=admin&limit=2&offset=2")
        expect(page1.audit_logs).toHaveLength(2)
        expect(page2.audit_logs).toHaveLength(2)
        expect(page1.count).toBe(4)
        const ids = [...page1.audit_logs, ...page2.audit_logs].map((l: any) => l.id)
        expect(new Set(ids).size).toBe(4)
        // Newest first.
        const times = ids.map((id) =>
          Date.parse(
            [...page1.audit_logs, ...page2.audit_logs].find((l) => l.id === id).occurred_at
          )
        )
        expect([...times].sort((a, b) => b - a)).toEqual(times)

        for (const bad of ["limit=101", "limit=0", "status=abc", "from=yesterday", "foo=1"]) {
          const res = await failing(api.get(`/admin/audit-logs?${bad}`, admin()))
          expect(res.status).toBe(400)
        }
        const anonymous = await failing(api.get("/admin/audit-logs"))
        expect(anonymous.status).toBe(401)
      })
    })

    describe("auth events", () => {
      it("records login, lockout, reset and verification without passwords or tokens", async () => {
        const c = await registerCustomer(api, demo.storeHeaders.headers)
        const verification = tokenFrom(await mailbox.waitFor(c.email), "Verification token")
        await api.post("/store/customers/me/verify-email", { token: verification }, c.headers)

        await api.post("/auth/customer/emailpass/reset-password", { identifier: c.email })
        const reset = tokenFrom(await mailbox.waitFor(c.email, 2), "Reset token")
        const newPassword = "Fresh-Audit-Secret-31"
        await api.post(
          "/auth/customer/emailpass/update",
          { password: newPassword },
          { headers: { authorization: `Bearer ${reset}` } }
        )

        const wrongPasswords = ["Wrong-Audit-Pass-1", "Wrong-Audit-Pass-2", "Wrong-Audit-Pass-3"]
        // Three wrong passwords are answered 401; the fourth locks (AUTH_MAX_FAILURES_PER_ACCOUNT=3).
        const statuses: number[] = []
        for (const password of [...wrongPasswords, "Wrong-Audit-Pass-4"]) {
          const res = await failing(
            api.post("/auth/customer/emailpass", { email: c.email, password })
          )
          statuses.push(res.status)
        }
        expect(statuses).toEqual([401, 401, 401, 429])

        const expected = [
          "auth.registered",
          "auth.login_succeeded",
          "auth.email_verified",
          "auth.password_reset_requested",
          "auth.password_reset_completed",
          "auth.login_failed",
          "auth.lockout",
        ]
        const data = await waitForLogs("kind=auth&limit=100", 9, expected)
        const actions = data.audit_logs.map((l: any) => l.action)
        for (const action of expected) {
          expect(actions).toContain(action)
        }
        const verified = data.audit_logs.find((l: any) => l.action === "auth.email_verified")
        expect(verified).toMatchObject({ actor_id: c.customer.id, target_id: c.customer.id })
        const failed = data.audit_logs.find((l: any) => l.action === "auth.login_failed")
        expect(failed).toMatchObject({ status: 401, metadata: { identifier: c.email } })

        // Nothing secret anywhere in the log.
        const service = getContainer().resolve<AuditModuleService>(AUDIT_MODULE)
        const everything = JSON.stringify(await service.listAuditLogs({}))
        for (const secret of [
          c.password,
          newPassword,
          ...wrongPasswords,
          verification,
          reset,
          c.token,
        ]) {
          expect(everything).not.toContain(secret)
        }
      })
    })

    describe("retention", () => {
      it("deletes entries older than AUDIT_RETENTION_DAYS", async () => {
        const service = getContainer().resolve<AuditModuleService>(AUDIT_MODULE)
        const day = 24 * 3600 * 1000
        const now = new Date()
        const old = await service.record({
          kind: "admin",
          action: "POST /admin/old",
          occurred_at: new Date(now.getTime() - 91 * day),
        })
        const young = await service.record({
          kind: "admin",
          action: "POST /admin/young",
          occurred_at: new Date(now.getTime() - 31 * day),
        })
        expect(await auditRetentionJob(getContainer(), now)).toBeGreaterThanOrEqual(1)
        let ids = (await service.listAuditLogs({})).map((r) => r.id)
        expect(ids).not.toContain(old.id)
        expect(ids).toContain(young.id)

        process.env.AUDIT_RETENTION_DAYS = "30"
        try {
          await auditRetentionJob(getContainer(), now)
        } finally {
          delete process.env.AUDIT_RETENTION_DAYS
        }
        ids = (await service.listAuditLogs({})).map((r) => r.id)
        expect(ids).not.toContain(young.id)
      })
    })
  },
})
