import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { recordAudit } from "../audit"
import { AUDIT_MODULE } from "../../modules/audit"
import type { AuditEntry } from "../../modules/audit/service"

/** A container whose audit service fails its first `failures` writes. */
function containerFailing(failures: number) {
  const written: AuditEntry[] = []
  const warnings: string[] = []
  let calls = 0
  const services: Record<string, unknown> = {
    [AUDIT_MODULE]: {
      record: async (entry: AuditEntry) => {
        calls++
        if (calls <= failures) throw new Error("Connection terminated unexpectedly")
        written.push(entry)
      },
    },
    [ContainerRegistrationKeys.LOGGER]: { warn: (m: string) => warnings.push(m) },
  }
  const scope = { resolve: (key: string) => services[key] } as unknown as MedusaContainer
  return { scope, written, warnings, calls: () => calls }
}

const entry: AuditEntry = { kind: "auth", action: "auth.lockout", status: 429 }

describe("recordAudit", () => {
  it("writes the entry once when the first write succeeds", async () => {
    const c = containerFailing(0)
    await recordAudit(c.scope, entry, 1)
    expect(c.written).toEqual([entry])
    expect(c.calls()).toBe(1)
    expect(c.warnings).toEqual([])
  })

  it("tries a failed write once more, so one dropped connection loses no entry", async () => {
    const c = containerFailing(1)
    await recordAudit(c.scope, entry, 1)
    expect(c.written).toEqual([entry])
    expect(c.calls()).toBe(2)
    expect(c.warnings).toEqual([])
  })

  it("logs and never throws when the retry fails too", async () => {
    const c = containerFailing(5)
    await expect(recordAudit(c.scope, entry, 1)).resolves.toBeUndefined()
    expect(c.written).toEqual([])
    expect(c.calls()).toBe(2)
    expect(c.warnings).toEqual([
      "audit: could not record auth.lockout: Connection terminated unexpectedly",
    ])
  })
})
