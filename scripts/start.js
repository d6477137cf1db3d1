#!/usr/bin/env node
// `npm start`: one command from a fresh clone to a running, seeded demo store.
// Database: DATABASE_URL when set, otherwise an embedded Postgres under .data/.
const { spawn } = require("child_process")
const crypto = require("crypto")
const fs = require("fs")
const path = require("path")
const {
  databaseUrl,
  describeError,
  ensureDatabase,
  ensureDatabaseAt,
  startEmbedded,
  startEmbeddedOnFreePort,
} = require("./lib/postgres")
const { ensureBuild, prepareDatabase, serverDir, medusaBin, root } = require("./lib/medusa")

const dataDir = path.join(root, ".data")
const port = Number(process.env.PORT || 9000)
const baseUrl = `http://localhost:${port}`

let embedded = null
let server = null
let stopping = false

function log(msg) {
  process.stdout.write(`[start] ${msg}\n`)
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"))
  } catch {
    return null
  }
}

function writePrivateJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + "\n", { mode: 0o600 })
}

/** Secrets generated on first start and kept in .data/ (never "supersecret"). */
function loadSecrets() {
  const file = path.join(dataDir, "secrets.json")
  let secrets = readJson(file)
  if (!secrets) {
    secrets = {
      jwtSecret: crypto.randomBytes(32).toString("hex"),
      cookieSecret: crypto.randomBytes(32).toString("hex"),
      metricsToken: crypto.randomBytes(24).toString("hex"),
    }
    writePrivateJson(file, secrets)
  }
  if (!secrets.metricsToken) {
    secrets.metricsToken = crypto.randomBytes(24).toString("hex")
    writePrivateJson(file, secrets)
  }
  return secrets
}

async function waitForHealth(timeoutMs) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server && server.exitCode !== null) throw new Error("the server exited during start-up")
    try {
      const res = await fetch(`${baseUrl}/health`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`the server did not answer ${baseUrl}/health in time`)
}

async function shutdown(code) {
  if (stopping) return
  stopping = true
  log("stopping...")
  if (server && server.exitCode === null) {
    server.kill("SIGTERM")
    await new Promise((resolve) => {
      const timer = setTimeout(() => {
        server.kill("SIGKILL")
        resolve()
      }, 15000)
      server.once("exit", () => {
        clearTimeout(timer)
        resolve()
      })
    })
  }
  if (embedded) await embedded.stop().catch((e) => log(`stopping Postgres: ${describeError(e)}`))
  log("stopped")
  process.exit(code)
}

/**
 * With Redis, production start uses one process per CPU (Medusa's cluster mode);
 * without it locks, events and caches are per process, so it runs one.
 * MEDUSA_CLUSTER=<n|n%|off> overrides the size.
 */
function clusterArgs(env) {
  const size = env.MEDUSA_CLUSTER
  if (size === "off" || (!env.REDIS_URL && !size)) return []
  if (!env.REDIS_URL) {
    log("MEDUSA_CLUSTER needs REDIS_URL; starting one process")
    return []
  }
  return size ? ["--cluster", size] : ["--cluster"]
}

/**
 * EMBEDDED_PG_PORT set: exactly that port (a clear error when taken). Otherwise the port
 * remembered in .data/embedded-postgres.json or 54329, moving to a free one when another clone
 * or process has it.
 */
async function startEmbeddedPostgres() {
  const dir = path.join(dataDir, "postgres")
  if (process.env.EMBEDDED_PG_PORT) {
    const pgPort = Number(process.env.EMBEDDED_PG_PORT)
    if (!Number.isInteger(pgPort) || pgPort < 1 || pgPort > 65535)
      throw new Error(
        `EMBEDDED_PG_PORT must be a port number (got "${process.env.EMBEDDED_PG_PORT}")`
      )
    log(`starting embedded Postgres on port ${pgPort} (data in .data/postgres)`)
    return startEmbedded({ dir, port: pgPort, envVar: "EMBEDDED_PG_PORT" })
  }
  const started = await startEmbeddedOnFreePort({
    dir,
    preferred: 54329,
    portFile: path.join(dataDir, "embedded-postgres.json"),
    log,
  })
  log(
    `embedded Postgres on port ${started.port} (data in .data/postgres` +
      `${started.moved ? "; port remembered in .data/embedded-postgres.json" : ""})`
  )
  return started
}

async function main() {
  fs.mkdirSync(dataDir, { recursive: true })
  process.on("SIGINT", () => shutdown(0))
  process.on("SIGTERM", () => shutdown(0))

  const secrets = loadSecrets()
  let dbUrl = process.env.DATABASE_URL
  if (dbUrl) {
    // Before the build, so a wrong URL fails in seconds, not after a minute of building.
    await ensureDatabaseAt(dbUrl, { source: "DATABASE_URL", log })
  } else {
    embedded = await startEmbeddedPostgres()
    await ensureDatabase(embedded.config, "commerce")
    dbUrl = databaseUrl(embedded.config, "commerce")
  }

  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV || "production",
    PORT: String(port),
    DATABASE_URL: dbUrl,
    JWT_SECRET: process.env.JWT_SECRET || secrets.jwtSecret,
    COOKIE_SECRET: process.env.COOKIE_SECRET || secrets.cookieSecret,
    METRICS_TOKEN: process.env.METRICS_TOKEN || secrets.metricsToken,
    // The demo serves plain http on localhost; Secure cookies would be dropped.
    COOKIE_INSECURE: process.env.COOKIE_INSECURE || "true",
    // Staff roles (Medusa's RBAC module + the plugin's rbac feature); MEDUSA_FF_RBAC=false opts out.
    MEDUSA_FF_RBAC: process.env.MEDUSA_FF_RBAC || "true",
  }
  // Unset, the admin UI calls the origin it was loaded from, so the demo works on any host
  // name and the build is the same one the production-build test suite runs.
  if (!env.MEDUSA_BACKEND_URL) delete env.MEDUSA_BACKEND_URL

  ensureBuild(env, log)

  const demoFile = path.join(dataDir, "demo.json")
  const previous = readJson(demoFile) || {}
  const adminEmail = process.env.ADMIN_EMAIL || previous.adminEmail || "admin@example.com"
  const adminPassword =
    process.env.ADMIN_PASSWORD ||
    previous.adminPassword ||
    crypto.randomBytes(12).toString("base64url")
  log("applying migrations and the demo data...")
  const bootstrap = prepareDatabase(env, { adminEmail, adminPassword })

  log("starting the server...")
  const startArgs = ["start", ...clusterArgs(env)]
  server = spawn(medusaBin, startArgs, { cwd: serverDir, env, stdio: "inherit" })
  server.on("exit", (code) => {
    if (!stopping) {
      log(`the server exited (code ${code})`)
      shutdown(code || 1)
    }
  })
  await waitForHealth(180000)

  const demo = {
    baseUrl,
    publishableKey: bootstrap.publishableKey,
    adminEmail,
    adminPassword,
    metricsToken: env.METRICS_TOKEN,
  }
  writePrivateJson(demoFile, demo)
  const lines = [
    "",
    "The commerce API is running.",
    `  Store API:        ${baseUrl}/store  (header x-publishable-api-key: ${demo.publishableKey})`,
    `  Admin API:        ${baseUrl}/admin`,
    `  Admin UI:         ${baseUrl}/app`,
    `  Admin login:      ${adminEmail} / ${adminPassword}`,
    `  Metrics:          ${baseUrl}/metrics  (Authorization: Bearer ${env.METRICS_TOKEN})`,
    `  Demo data:        ${bootstrap.seeded ? "seeded now" : "already present (not re-seeded)"}`,
    `  Saved to:         .data/demo.json`,
    "Press Ctrl-C to stop.",
    "",
  ]
  process.stdout.write(lines.join("\n") + "\n")
}

async function fail(err) {
  process.stderr.write(`[start] ${describeError(err)}\n`)
  await shutdown(1)
}

process.on("unhandledRejection", fail)
main().catch(fail)
