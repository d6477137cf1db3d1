import { readFileSync } from "fs"
import path from "path"
import { parse } from "yaml"
import { productionProblems, readSettings } from "@commerce-api/plugin/lib/settings"

// Docker cannot run here, so the compose file is checked by reading it.
const root = path.resolve(__dirname, "../..")
const compose = parse(readFileSync(path.join(root, "docker-compose.yml"), "utf8"), { merge: true })

function serviceEnv(name: string): Record<string, string> {
  const env = compose.services[name].environment as Record<string, string>
  // Stand-ins for the ${VAR:?…} values an operator must supply.
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => [
      k,
      String(v)
        .replace(/\$\{[A-Z_]+:\?[^}]*\}/g, "x".repeat(48))
        .replace(/\$\{[A-Z_]+:-([^}]*)\}/g, "$1"),
    ])
  )
}

describe("docker-compose.yml", () => {
  it("runs Postgres, Redis, a server and a worker", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["postgres", "redis", "server", "worker"])
    expect(serviceEnv("server").MEDUSA_WORKER_MODE).toBe("server")
    expect(serviceEnv("worker").MEDUSA_WORKER_MODE).toBe("worker")
    expect(serviceEnv("worker").ADMIN_DISABLED).toBe("true")
  })

  it.each(["server", "worker"])(
    "gives the %s every variable a production start requires",
    (name) => {
      const env = serviceEnv(name)
      const settings = readSettings(env)
      expect(settings.isProduction).toBe(true)
      expect(productionProblems(settings)).toEqual([])
      const pg = compose.services.postgres.environment
      expect(env.DATABASE_URL).toBe(
        `postgres://${pg.POSTGRES_USER}:${pg.POSTGRES_PASSWORD}@postgres:5432/${pg.POSTGRES_DB}`
      )
      expect(env.REDIS_URL).toBe("redis://redis:6379")
    }
  )

  it("requires operators to supply the secrets instead of defaulting them", () => {
    const raw = compose.services.server.environment
    expect(raw.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/)
    expect(raw.COOKIE_SECRET).toMatch(/^\$\{COOKIE_SECRET:\?/)
  })

  it("builds from the Dockerfile in the repository", () => {
    const dockerfile = readFileSync(path.join(root, "Dockerfile"), "utf8")
    expect(compose.services.server.build).toBe(".")
    expect(dockerfile).toMatch(/medusa build/)
    expect(dockerfile).toMatch(/medusa start/)
  })
})
