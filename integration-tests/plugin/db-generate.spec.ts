import { execFile } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { promisify } from "node:util"

// medusajs/medusa #11330: `medusa plugin:db:generate` wrote no migration, or (with snapshots
// named as the app's `db:generate` names them) a second create-table migration per module.
// Runs the command on a copy of the plugin's sources: first unchanged (models and migrations
// agree: nothing to write), then with a column added to a model (one migration adding it).
jest.setTimeout(240 * 1000)

const run = promisify(execFile)
const root = path.resolve(__dirname, "../..")
const pluginDir = path.join(root, "packages", "plugin")
const medusa = path.join(root, "node_modules", ".bin", "medusa")
const MODULES = ["audit", "data-rights", "email-verification", "reviews", "webhooks", "wishlist"]

function migrationFiles(dir: string): Record<string, string[]> {
  return Object.fromEntries(
    MODULES.map((m) => [
      m,
      fs.readdirSync(path.join(dir, "src", "modules", m, "migrations")).sort(),
    ])
  )
}

async function generate(dir: string): Promise<string> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DB_HOST: process.env.DB_HOST || "localhost",
    DB_PORT: process.env.DB_PORT || "5432",
    DB_USERNAME: process.env.DB_USERNAME || "postgres",
    DB_PASSWORD: process.env.DB_PASSWORD || "",
    // npm test runs with LOG_LEVEL=error; the command reports what it wrote at info.
    LOG_LEVEL: "info",
  }
  delete env.DATABASE_URL
  const { stdout, stderr } = await run(medusa, ["plugin:db:generate"], { cwd: dir, env })
  return stdout + stderr
}

describe("medusa plugin:db:generate on the plugin", () => {
  let dir: string

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "plugin-db-generate-"))
    fs.cpSync(path.join(pluginDir, "src"), path.join(dir, "src"), { recursive: true })
    for (const f of ["package.json", "tsconfig.json"]) {
      fs.copyFileSync(path.join(pluginDir, f), path.join(dir, f))
    }
    fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir")
  })

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it("writes nothing when the models match the committed migrations", async () => {
    const before = migrationFiles(dir)
    const out = await generate(dir)
    expect(out.match(/No migration created/g)).toHaveLength(MODULES.length)
    expect(migrationFiles(dir)).toEqual(before)
  })

  it("writes one migration that adds a column added to a model", async () => {
    const model = path.join(dir, "src", "modules", "reviews", "models", "review.ts")
    const source = fs.readFileSync(model, "utf8")
    const changed = source.replace(
      "    product_id: model.text(),\n",
      "    product_id: model.text(),\n    probe_column: model.text().nullable(),\n"
    )
    expect(changed).not.toBe(source)
    fs.writeFileSync(model, changed)
    const before = migrationFiles(dir)
    const out = await generate(dir)
    expect(out).toMatch(/Migration created: Migration\d+\.ts/)
    const after = migrationFiles(dir)
    const added = after.reviews.filter((f) => !before.reviews.includes(f) && f.endsWith(".ts"))
    expect(added).toHaveLength(1)
    const sql = fs.readFileSync(path.join(dir, "src/modules/reviews/migrations", added[0]), "utf8")
    expect(sql).toContain(`add column if not exists "probe_column" text null`)
    expect(sql).not.toContain("create table")
    for (const m of MODULES.filter((m) => m !== "reviews")) expect(after[m]).toEqual(before[m])
  })
})
