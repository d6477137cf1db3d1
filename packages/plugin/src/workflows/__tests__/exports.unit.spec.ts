import fs from "fs"
import path from "path"
import { OrchestrationUtils } from "@medusajs/framework/utils"
import * as surface from "../index"

/**
 * The export surface (docs/extending.md): every workflow and step defined under
 * src/workflows is exported from src/workflows/index.ts under its own name, and the
 * document's hook table lists exactly the hooks each workflow exposes.
 */
const root = path.resolve(__dirname, "..")
// The repository's docs/, found upwards: the sources may sit at src/ or in a package.
function findUp(rel: string, from: string): string {
  const candidate = path.join(from, rel)
  if (fs.existsSync(candidate)) return candidate
  const parent = path.dirname(from)
  if (parent === from) throw new Error(`${rel} not found above ${root}`)
  return findUp(rel, parent)
}
const docs = fs.readFileSync(findUp("docs/extending.md", root), "utf8")

type Workflow = { getName(): string; hooks: Record<string, unknown>; runAsStep: unknown }
const isWorkflow = (v: any): v is Workflow =>
  typeof v === "function" && typeof v.getName === "function" && "runAsStep" in v
const isStep = (v: any) =>
  typeof v === "function" &&
  v.__type === OrchestrationUtils.SymbolWorkflowStepBind &&
  typeof v.__step__ === "string"

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    if (e.isDirectory())
      return ["__tests__", "hooks", "helpers"].includes(e.name) ? [] : sourceFiles(full)
    return e.name.endsWith(".ts") && e.name !== "index.ts" ? [full] : []
  })
}

const defined = sourceFiles(root).flatMap((file) =>
  Object.entries(require(file) as Record<string, unknown>)
    .filter(([, v]) => isWorkflow(v) || isStep(v))
    .map(([name, v]) => ({ file: path.relative(root, file), name, value: v }))
)

/** Rows of the "Hooks at a glance" table: export, workflow name, hook names. */
function documentedHooks(): Map<string, { name: string; hooks: string[] }> {
  const section = docs.split("## Hooks at a glance")[1]?.split("\n## ")[0] ?? ""
  const rows = new Map<string, { name: string; hooks: string[] }>()
  for (const line of section.split("\n")) {
    const cells = line.split("|").map((c) => c.trim())
    const exported = /^`(\w+Workflow)`$/.exec(cells[1] ?? "")?.[1]
    if (!exported) continue
    const hooks = [...(cells[3] ?? "").matchAll(/`(\w+)`/g)].map((m) => m[1])
    rows.set(exported, { name: (cells[2] ?? "").replace(/`/g, ""), hooks })
  }
  return rows
}

describe("src/workflows/index.ts", () => {
  it("finds the workflows and steps it checks", () => {
    expect(defined.filter((d) => isWorkflow(d.value)).length).toBeGreaterThanOrEqual(15)
    expect(defined.filter((d) => isStep(d.value)).length).toBeGreaterThanOrEqual(20)
  })

  it("exports every workflow and step under the name it is defined with", () => {
    const missing = defined
      .filter((d) => (surface as Record<string, unknown>)[d.name] !== d.value)
      .map((d) => `${d.file}: ${d.name}`)
    expect(missing).toEqual([])
  })

  it("docs/extending.md lists every exported workflow with exactly its hooks", () => {
    const documented = documentedHooks()
    const actual = new Map(
      Object.entries(surface)
        .filter(([, v]) => isWorkflow(v))
        .map(([exported, v]) => {
          const w = v as Workflow
          return [exported, { name: w.getName(), hooks: Object.keys(w.hooks ?? {}).sort() }]
        })
    )
    const sorted = (m: Map<string, { name: string; hooks: string[] }>) =>
      Object.fromEntries(
        [...m.entries()].sort().map(([k, v]) => [k, { ...v, hooks: [...v.hooks].sort() }])
      )
    expect(sorted(documented)).toEqual(sorted(actual))
  })
})
