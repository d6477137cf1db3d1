import fs from "node:fs"
import path from "node:path"
import YAML from "yaml"
import { exportedMetricNames } from "@commerce-api/plugin/lib/observability/metrics"

const root = path.resolve(__dirname, "../..")

/** Metric names referenced by a PromQL expression (identifiers followed by a selector, range or end). */
function metricNames(expr: string): string[] {
  const names = new Set<string>()
  for (const m of expr.matchAll(/\b((?:commerce|nodejs|process)_[a-z0-9_]+)/g)) names.add(m[1])
  return [...names]
}

/** A histogram family `x` exports `x_bucket`, `x_sum` and `x_count`. */
function isExported(name: string, exported: Set<string>) {
  if (exported.has(name)) return true
  const base = name.replace(/_(bucket|sum|count)$/, "")
  return base !== name && exported.has(base)
}

describe("ops kit", () => {
  let exported: Set<string>
  beforeAll(async () => {
    exported = new Set(await exportedMetricNames())
  })

  it("alert rules parse and reference only metrics we export", () => {
    const doc = YAML.parse(fs.readFileSync(path.join(root, "ops/prometheus/alerts.yml"), "utf8"))
    const rules = doc.groups.flatMap((g: any) => g.rules)
    const alerts = rules.map((r: any) => r.alert)
    for (const required of [
      "CommerceApiHighErrorRate",
      "CommerceApiHighLatencyP95",
      "CommercePaymentFailures",
      "CommerceApiNotReady",
    ]) {
      expect(alerts).toContain(required)
    }
    const ops = fs.readFileSync(path.join(root, "docs/operations.md"), "utf8")
    for (const rule of rules) {
      expect(typeof rule.expr).toBe("string")
      for (const name of metricNames(rule.expr))
        expect([rule.alert, name, isExported(name, exported)]).toEqual([rule.alert, name, true])
      // every alert has a runbook section
      expect(ops).toContain(`### ${rule.alert}`)
    }
  })

  it("the Grafana dashboard parses and every panel queries exported metrics", () => {
    const dash = JSON.parse(
      fs.readFileSync(path.join(root, "ops/grafana/commerce-api.json"), "utf8")
    )
    expect(dash.panels.length).toBeGreaterThanOrEqual(10)
    const seen = new Set<string>()
    for (const panel of dash.panels) {
      expect(panel.targets.length).toBeGreaterThan(0)
      for (const t of panel.targets) {
        const names = metricNames(t.expr)
        expect(names.length).toBeGreaterThan(0)
        for (const name of names) {
          expect([panel.title, name, isExported(name, exported)]).toEqual([panel.title, name, true])
          seen.add(name.replace(/_(bucket|sum|count)$/, ""))
        }
      }
    }
    // the dashboard covers every custom metric family
    for (const name of exported) if (name.startsWith("commerce_")) expect(seen).toContain(name)
  })
})
