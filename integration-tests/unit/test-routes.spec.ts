import { spawnSync } from "child_process"
import fs from "fs"
import path from "path"
import { getResolvedPlugins } from "@medusajs/framework/utils"
import { productionProblems, readSettings } from "@commerce-api/plugin/lib/settings"

// The test-only /ops-test/* routes log request bodies and headers. They live in a local plugin
// under integration-tests/ (which `medusa build` never compiles) and only tests load it.
const root = path.resolve(__dirname, "../..")
const pluginDir = path.join(root, "integration-tests/test-routes")
const strong = "b".repeat(48)

function pluginsFor(env: Record<string, string | undefined>) {
  const saved = { ...process.env }
  Object.assign(process.env, env)
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k]
  try {
    let config: { plugins?: { resolve: string }[] } = {}
    jest.isolateModules(() => {
      config = require("../../medusa-config")
    })
    return (config.plugins ?? []).map((p) => p.resolve)
  } finally {
    process.env = saved
  }
}

describe("test-only routes", () => {
  it("are not in src/api, so no build of the app can serve them", () => {
    expect(fs.existsSync(path.join(root, "src/api/ops-test"))).toBe(false)
  })

  it("are loaded as a plugin only under NODE_ENV=test", () => {
    // (defineConfig adds Medusa's own plugins, e.g. @medusajs/draft-order)
    expect(pluginsFor({ NODE_ENV: "test", ENABLE_TEST_ROUTES: "true" })).toContain(pluginDir)
    expect(pluginsFor({ NODE_ENV: "test", ENABLE_TEST_ROUTES: undefined })).toContain(pluginDir)
    expect(pluginsFor({ NODE_ENV: "development", ENABLE_TEST_ROUTES: "true" })).not.toContain(
      pluginDir
    )
  })

  it("answer 404 in a test run that did not ask for them with ENABLE_TEST_ROUTES=true", async () => {
    const { GET } = require("../test-routes/src/api/ops-test/slow/route")
    const saved = process.env.ENABLE_TEST_ROUTES
    const answer = { status: 0, body: undefined as unknown }
    const res = {
      status(code: number) {
        answer.status = code
        return this
      },
      json(body: unknown) {
        answer.body = body
        return this
      },
    }
    try {
      delete process.env.ENABLE_TEST_ROUTES
      await GET({ query: { ms: "0" } }, res)
      expect(answer).toEqual({ status: 404, body: { type: "not_found", message: "Not found" } })
      process.env.ENABLE_TEST_ROUTES = "true"
      await GET({ query: { ms: "0" } }, res)
      expect(answer).toEqual({ status: 200, body: { slept_ms: 0 } })
    } finally {
      if (saved === undefined) delete process.env.ENABLE_TEST_ROUTES
      else process.env.ENABLE_TEST_ROUTES = saved
    }
  })

  it("resolve where Medusa 2.21 looks for a plugin's API routes", async () => {
    const [plugin] = await getResolvedPlugins(root, {
      plugins: [{ resolve: pluginDir, options: {} }],
    } as unknown as Parameters<typeof getResolvedPlugins>[1])
    for (const route of ["ops-test/log/route.ts", "ops-test/slow/route.ts"]) {
      expect(fs.existsSync(path.join(plugin.resolve, "api", route))).toBe(true)
    }
  })

  it.each(["true", "1", "yes"])("make production refuse ENABLE_TEST_ROUTES=%s", (value) => {
    const s = readSettings({
      NODE_ENV: "production",
      JWT_SECRET: strong,
      COOKIE_SECRET: strong,
      ENABLE_TEST_ROUTES: value,
    })
    expect(productionProblems(s)).toEqual([expect.stringMatching(/^ENABLE_TEST_ROUTES is set/)])
  })

  it("leave production alone with ENABLE_TEST_ROUTES unset or false", () => {
    for (const value of [undefined, "", "false"]) {
      const s = readSettings({
        NODE_ENV: "production",
        JWT_SECRET: strong,
        COOKIE_SECRET: strong,
        ENABLE_TEST_ROUTES: value,
      })
      expect(productionProblems(s)).toEqual([])
    }
  })

  it("make `medusa start` in production with ENABLE_TEST_ROUTES exit with a message naming it", () => {
    const r = spawnSync(path.join(root, "node_modules/.bin/medusa"), ["start"], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: "production",
        JWT_SECRET: strong,
        COOKIE_SECRET: strong,
        ENABLE_TEST_ROUTES: "true",
        MEDUSA_DISABLE_TELEMETRY: "true",
        DATABASE_URL: "postgres://postgres@localhost:5432/unused",
      },
      encoding: "utf8",
      timeout: 60000,
    })
    expect(r.status).not.toBe(0)
    const out = r.stdout + r.stderr
    expect(out).toMatch(/Refusing to start in production/)
    expect(out).toMatch(/ENABLE_TEST_ROUTES is set/)
  })
})
