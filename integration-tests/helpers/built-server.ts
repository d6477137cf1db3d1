/**
 * Runs the production build (`medusa build` output in .medusa/server) the way `npm start`
 * and the Dockerfile do, against a fresh database.
 */
import { type ChildProcess, spawn, spawnSync } from "child_process"
import crypto from "crypto"
import fs from "fs"
import net from "net"
import path from "path"
import { Client } from "pg"

const root = path.resolve(__dirname, "..", "..")
const serverDir = path.join(root, ".medusa", "server")
const medusaBin = path.join(root, "node_modules", ".bin", "medusa")
const startLib: {
  ensureBuild: (env: NodeJS.ProcessEnv, log: (msg: string) => void) => void
} = require("../../scripts/lib/medusa.js")

/** Same inputs as `npm start`: everything the build depends on (scripts/lib/medusa.js). */
export const sourceHash: () => string = require("../../scripts/lib/medusa.js").sourceHash

/**
 * The build `npm start` makes and runs (scripts/lib/medusa.js `ensureBuild`, admin
 * included, production mode, generated secrets, no baked-in backend URL); rebuilt only when
 * the sources changed, so `npm start` and this suite share one build.
 */
export function ensureProductionBuild(log: (msg: string) => void = () => {}): void {
  const secret = crypto.randomBytes(32).toString("hex")
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    JWT_SECRET: secret,
    COOKIE_SECRET: secret,
  }
  delete env.MEDUSA_BACKEND_URL
  startLib.ensureBuild(env, log)
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once("error", reject)
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

function dbConfig() {
  return {
    host: process.env.DB_HOST || "localhost",
    port: Number(process.env.DB_PORT || 5432),
    user: process.env.DB_USERNAME || "postgres",
    password: process.env.DB_PASSWORD || "",
  }
}

async function adminQuery(sql: string) {
  const client = new Client({ ...dbConfig(), database: "postgres" })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

export type BuiltServer = {
  baseUrl: string
  adminEmail: string
  adminPassword: string
  publishableKey: string
  metricsToken: string
  /** The server's database (on DB_HOST/DB_PORT), dropped by stop(). */
  databaseName: string
  databaseUrl: string
  /** The build's directory (`.medusa/server`). */
  serverDir: string
  output: () => string
  stop: () => Promise<void>
}

/** A database that already holds a store (a restored backup): no migration, no seeding. */
export type ExistingStore = {
  /** Letters, digits and underscores only (it is interpolated into SQL). */
  databaseName: string
  adminEmail: string
  adminPassword: string
  publishableKey: string
}

/**
 * Creates a database, migrates and seeds it (demo store, demo reviews, an admin
 * user) with the built server's own scripts, then runs `medusa start`. With `existing`, it
 * runs on that database as it is (and drops it on stop()).
 */
export async function startBuiltServer(
  opts: { env?: Record<string, string>; existing?: ExistingStore } = {}
) {
  const existing = opts.existing
  if (existing && !/^\w+$/.test(existing.databaseName))
    throw new Error(`unsafe database name ${existing.databaseName}`)
  const dbName = existing?.databaseName ?? `built_${process.pid}_${Date.now()}`
  // The name is generated from digits only; identifiers cannot be bound.
  if (!existing) await adminQuery(`CREATE DATABASE "${dbName}"`)
  const db = dbConfig()
  const auth = db.password ? `${db.user}:${encodeURIComponent(db.password)}` : db.user
  const port = await freePort()
  const baseUrl = `http://localhost:${port}`
  const secret = crypto.randomBytes(32).toString("hex")
  const adminEmail = existing?.adminEmail ?? "ui-admin@test.local"
  const adminPassword = existing?.adminPassword ?? crypto.randomBytes(12).toString("base64url")
  const metricsToken = crypto.randomBytes(24).toString("hex")
  const out = path.join(serverDir, `.bootstrap-${dbName}.json`)
  const databaseUrl = `postgres://${auth}@${db.host}:${db.port}/${dbName}`
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    JWT_SECRET: secret,
    COOKIE_SECRET: secret,
    COOKIE_INSECURE: "true",
    METRICS_TOKEN: metricsToken,
    LOG_LEVEL: process.env.LOG_LEVEL || "error",
    ...opts.env,
  }
  delete env.MEDUSA_BACKEND_URL
  delete env.REDIS_URL
  let logs = ""
  const dropDb = () => adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)
  const runStep = (args: string[], extra: NodeJS.ProcessEnv = {}) => {
    const r = spawnSync(medusaBin, args, {
      cwd: serverDir,
      env: { ...env, ...extra },
      encoding: "utf8",
    })
    logs += r.stdout + r.stderr
    if (r.status !== 0) throw new Error(`medusa ${args.join(" ")} failed:\n${logs.slice(-4000)}`)
  }
  let child: ChildProcess | null = null
  try {
    let publishableKey = existing?.publishableKey
    if (!publishableKey) {
      runStep(["db:migrate"])
      runStep(["exec", "./src/scripts/bootstrap-demo.js"], {
        DEMO_ADMIN_EMAIL: adminEmail,
        DEMO_ADMIN_PASSWORD: adminPassword,
        DEMO_OUTPUT: out,
      })
      publishableKey = JSON.parse(fs.readFileSync(out, "utf8")).publishableKey as string
      fs.rmSync(out, { force: true })
    }
    // Own process group, so stopping it also stops anything it spawned.
    child = spawn(medusaBin, ["start"], { cwd: serverDir, env, detached: true })
    child.stdout!.on("data", (d) => (logs += d))
    child.stderr!.on("data", (d) => (logs += d))
    const deadline = Date.now() + 180_000
    for (;;) {
      if (child.exitCode !== null) throw new Error(`medusa start exited:\n${logs.slice(-4000)}`)
      if (Date.now() > deadline) throw new Error(`no answer from ${baseUrl}/health`)
      const ok = await fetch(`${baseUrl}/health`).then(
        (r) => r.ok,
        () => false
      )
      if (ok) break
      await new Promise((r) => setTimeout(r, 500))
    }
    const started = child
    const server: BuiltServer = {
      baseUrl,
      adminEmail,
      adminPassword,
      publishableKey,
      metricsToken,
      databaseName: dbName,
      databaseUrl,
      serverDir,
      output: () => logs,
      stop: async () => {
        if (started.exitCode === null) {
          const exited = new Promise((r) => started.once("exit", r))
          process.kill(-started.pid!, "SIGTERM")
          const timer = setTimeout(() => process.kill(-started.pid!, "SIGKILL"), 10_000)
          await exited
          clearTimeout(timer)
        }
        await dropDb()
      },
    }
    return server
  } catch (e) {
    if (child?.pid && child.exitCode === null) process.kill(-child.pid, "SIGKILL")
    await dropDb().catch(() => {})
    throw e
  }
}
