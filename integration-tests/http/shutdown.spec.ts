import { type ChildProcess, spawn } from "node:child_process"
import path from "node:path"
import { createMigratedDatabase, databaseUrl } from "../helpers/migrated-database"
import { OtlpReceiver } from "../helpers/otlp-receiver"
import { freePortSync } from "../helpers/ports"

jest.setTimeout(600 * 1000)

const root = path.resolve(__dirname, "../..")

/** A real `medusa start` process (the production entry point) on its own database. */
class Server {
  readonly port = freePortSync()
  proc!: ChildProcess
  output = ""
  exit!: Promise<{ code: number | null; signal: string | null }>
  private dropDb = async () => {}

  constructor(private readonly env: Record<string, string>) {}

  url(p: string) {
    return `http://127.0.0.1:${this.port}${p}`
  }

  async start(timeoutMs = 400_000) {
    const db = await createMigratedDatabase()
    this.dropDb = db.drop
    this.proc = spawn(process.execPath, [path.join(root, "node_modules/.bin/medusa"), "start"], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "test", // `medusa start` keeps an explicit NODE_ENV; test routes need non-production
        DATABASE_URL: databaseUrl(db.name),
        PORT: String(this.port),
        HOST: "127.0.0.1",
        ADMIN_DISABLED: "true",
        ENABLE_TEST_ROUTES: "true",
        LOG_LEVEL: "info",
        REDIS_URL: "",
        ...this.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    })
    this.proc.stdout!.on("data", (d) => (this.output += d))
    this.proc.stderr!.on("data", (d) => (this.output += d))
    this.exit = new Promise((resolve) =>
      this.proc.once("exit", (code, signal) => resolve({ code, signal }))
    )
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (this.proc.exitCode !== null) throw new Error(`server exited early:\n${this.output}`)
      const ok = await fetch(this.url("/health"))
        .then((r) => r.ok)
        .catch(() => false)
      if (ok) return
      await new Promise((r) => setTimeout(r, 500))
    }
    throw new Error(`server did not become healthy:\n${this.output.slice(-3000)}`)
  }

  async stop() {
    if (this.proc && this.proc.exitCode === null && this.proc.signalCode === null) {
      this.proc.kill("SIGKILL")
      await this.exit
    }
    await this.dropDb()
  }
}

describe("graceful shutdown of `medusa start`", () => {
  const receiver = new OtlpReceiver()
  let drains: Server
  let bounded: Server

  beforeAll(async () => {
    const otlp = await receiver.start()
    drains = new Server({
      SHUTDOWN_TIMEOUT_MS: "15000",
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
      OTEL_BSP_SCHEDULE_DELAY: "200",
    })
    bounded = new Server({ SHUTDOWN_TIMEOUT_MS: "3000" })
    // allSettled: if one start fails, the other must have spawned (or failed) before afterAll
    // stops them, or its server outlives the test run.
    const started = await Promise.allSettled([drains.start(), bounded.start()])
    const failed = started.find((r) => r.status === "rejected")
    if (failed) throw (failed as PromiseRejectedResult).reason
  })

  afterAll(async () => {
    await Promise.all([drains?.stop(), bounded?.stop()])
    await receiver.stop()
  })

  it("traces requests through the real HTTP entry point, with database spans", async () => {
    const res = await fetch(drains.url("/ops-test/slow?ms=5"), {
      headers: { "x-request-id": "proc-trace-1", authorization: "Bearer proc-secret" },
    })
    expect(res.status).toBe(200)
    await receiver.waitFor((spans) => spans.some((s) => s.name === "route handler: /ops-test/slow"))
    const handler = receiver.spans.find((s) => s.name === "route handler: /ops-test/slow")!
    const names = receiver.spans.filter((s) => s.traceId === handler.traceId).map((s) => s.name)
    // the root span comes from Medusa's HTTP instrumentation of `medusa start`
    expect(names).toContain("/ops-test/slow")
    expect(JSON.stringify(receiver.spans)).not.toContain("proc-secret")

    // /ready runs `select 1` through the pg driver: a database span
    expect((await fetch(drains.url("/ready"))).status).toBe(200)
    await receiver.waitFor((spans) =>
      spans.some(
        (s) =>
          (s.attributes["db.system"] ?? s.attributes["db.system.name"]) === "postgresql" &&
          /select 1/i.test(
            String(s.attributes["db.statement"] ?? s.attributes["db.query.text"] ?? s.name)
          )
      )
    )
  })

  it("finishes the in-flight request, refuses new connections, closes and exits 0 on SIGTERM", async () => {
    expect((await fetch(drains.url("/ready"))).status).toBe(200)
    const started = Date.now()
    const slow = fetch(drains.url("/ops-test/slow?ms=3000"))
    await new Promise((r) => setTimeout(r, 700))
    drains.proc.kill("SIGTERM")
    await new Promise((r) => setTimeout(r, 500))
    // the listener is closed: a new connection is refused while the slow request drains
    await expect(
      fetch(drains.url("/health"), { headers: { connection: "close" } })
    ).rejects.toThrow()

    const res = await slow
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ slept_ms: 3000 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000)
    const exit = await drains.exit
    expect(exit).toEqual({ code: 0, signal: null })
    expect(drains.output).toContain("Gracefully shutting down server")
  })

  it("bounds the drain by SHUTDOWN_TIMEOUT_MS and exits 1 when a request hangs", async () => {
    const slow = fetch(bounded.url("/ops-test/slow?ms=20000")).then(
      (r) => r.status,
      () => "aborted"
    )
    await new Promise((r) => setTimeout(r, 700))
    const signalled = Date.now()
    bounded.proc.kill("SIGTERM")
    const exit = await bounded.exit
    const took = Date.now() - signalled
    expect(exit.code).toBe(1)
    expect(took).toBeGreaterThanOrEqual(2900)
    expect(took).toBeLessThan(15000)
    expect(await slow).toBe("aborted")
    expect(bounded.output).toContain("Shutdown did not finish within 3000 ms after SIGTERM")
  })
})
