import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import { AUDIT_MODULE } from ".."
import { AuditLog } from "../models/audit-log"
import type AuditModuleService from "../service"

jest.setTimeout(60 * 1000)

moduleIntegrationTestRunner<AuditModuleService>({
  moduleName: AUDIT_MODULE,
  moduleModels: [AuditLog],
  resolve: path.join(__dirname, ".."),
  testSuite: ({ service }) => {
    describe("AuditModuleService", () => {
      it("records entries and drops secret-looking metadata", async () => {
        const row = await service.record({
          kind: "auth",
          action: "auth.login_failed",
          actor_type: "customer",
          ip: "203.0.113.1",
          status: 401,
          metadata: {
            identifier: "sam@example.com",
            password: "hunter2-hunter2",
            token: "eyJ...",
            Authorization: "Bearer x",
          },
        })
        expect(row.id).toMatch(/^audit_/)
        const [stored] = await service.listAuditLogs({ id: row.id })
        expect(stored).toMatchObject({
          action: "auth.login_failed",
          status: 401,
          ip: "203.0.113.1",
        })
        expect(stored.metadata).toEqual({ identifier: "sam@example.com" })
        expect(stored.occurred_at).toBeInstanceOf(Date)
      })

      it("purges entries older than a cutoff and keeps the rest", async () => {
        const now = Date.now()
        const day = 24 * 3600 * 1000
        await service.record({
          kind: "admin",
          action: "POST /admin/products",
          occurred_at: new Date(now - 100 * day),
        })
        await service.record({
          kind: "admin",
          action: "POST /admin/products",
          occurred_at: new Date(now - 91 * day),
        })
        const recent = await service.record({
          kind: "admin",
          action: "DELETE /admin/products/:id",
          occurred_at: new Date(now - 89 * day),
        })
        const removed = await service.purgeBefore(new Date(now - 90 * day))
        expect(removed).toBe(2)
        const left = await service.listAuditLogs({})
        expect(left.map((r) => r.id)).toEqual([recent.id])
        expect(await service.purgeBefore(new Date(now - 90 * day))).toBe(0)
      })
    })
  },
})
