import { spawnSync } from "child_process"
import path from "path"
import { productionProblems, readSettings } from "@commerce-api/plugin/lib/settings"

const strong = "a".repeat(48)

describe("production safety", () => {
  it("accepts strong secrets and explicit CORS origins", () => {
    const s = readSettings({ NODE_ENV: "production", JWT_SECRET: strong, COOKIE_SECRET: strong })
    expect(productionProblems(s)).toEqual([])
  })

  it.each([
    [{ COOKIE_SECRET: strong }, /JWT_SECRET is missing/],
    [{ JWT_SECRET: "supersecret", COOKIE_SECRET: strong }, /JWT_SECRET is a known default/],
    [{ JWT_SECRET: strong, COOKIE_SECRET: "supersecret" }, /COOKIE_SECRET is a known default/],
    [{ JWT_SECRET: strong, COOKIE_SECRET: "short" }, /COOKIE_SECRET is shorter/],
    [{ JWT_SECRET: strong, COOKIE_SECRET: strong, STORE_CORS: "*" }, /STORE_CORS allows any/],
    [
      { JWT_SECRET: strong, COOKIE_SECRET: strong, ADMIN_CORS: "http://a.test,*" },
      /ADMIN_CORS allows any/,
    ],
  ])("refuses %j", (env, message) => {
    const problems = productionProblems(readSettings({ NODE_ENV: "production", ...env }))
    expect(problems.join("\n")).toMatch(message)
  })

  it("lets development run with no configuration", () => {
    const s = readSettings({})
    expect(productionProblems(s)).toEqual([])
    expect(s.jwtSecret).not.toBe("supersecret")
  })

  it("makes `medusa start` in production with default secrets exit with a message naming them", () => {
    const root = path.resolve(__dirname, "../..")
    const r = spawnSync(path.join(root, "node_modules/.bin/medusa"), ["start"], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: "production",
        JWT_SECRET: "supersecret",
        MEDUSA_DISABLE_TELEMETRY: "true",
        DATABASE_URL: "postgres://postgres@localhost:5432/unused",
      },
      encoding: "utf8",
      timeout: 60000,
    })
    expect(r.status).not.toBe(0)
    const out = r.stdout + r.stderr
    expect(out).toMatch(/Refusing to start in production/)
    expect(out).toMatch(/JWT_SECRET is a known default/)
    expect(out).toMatch(/COOKIE_SECRET is missing/)
  })
})

describe("demo catalog", () => {
  it("is deterministic and large enough", () => {
    const { buildCatalog } = jest.requireActual("../../src/lib/demo-catalog")
    const a = buildCatalog()
    const b = buildCatalog()
    expect(a).toEqual(b)
    expect(a.length).toBeGreaterThanOrEqual(40)
    const skus = a.flatMap((p: any) => p.variants.map((v: any) => v.sku))
    expect(new Set(skus).size).toBe(skus.length)
    expect(a.some((p: any) => p.variants.some((v: any) => v.stock === 0))).toBe(true)
    expect(buildCatalog(100)).toHaveLength(a.length + 100)
  })
})
