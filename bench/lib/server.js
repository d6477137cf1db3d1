// Builds the server once, prepares the bench databases and starts/stops one
// server configuration at a time.
const { spawn, spawnSync } = require("child_process")
const crypto = require("crypto")
const fs = require("fs")
const path = require("path")
const { Client } = require("pg")
const { canConnect, ensureDatabase, startEmbedded } = require("../../scripts/lib/postgres")
// Same inputs and stamp as scripts/start.js.
const { sourceHash, ensurePluginBuild } = require("../../scripts/lib/medusa")

const root = path.resolve(__dirname, "..", "..")
const serverDir = path.join(root, ".medusa", "server")
const medusaBin = path.join(root, "node_modules", ".bin", "medusa")
const log = (msg) => process.stdout.write(`[bench] ${msg}\n`)

// Fresh per run: the bench server is production-mode and refuses weak secrets.
const secrets = {
  JWT_SECRET: crypto.randomBytes(32).toString("hex"),
  COOKIE_SECRET: crypto.randomBytes(32).toString("hex"),
}

function run(cmd, args, opts) {
  const r = spawnSync(cmd, args, { stdio: ["ignore", "inherit", "inherit"], ...opts })
  if (r.status !== 0)
    throw new Error(`${path.basename(cmd)} ${args.join(" ")} failed (${r.status})`)
}

function ensureBuild() {
  // The app loads the plugin from packages/plugin/.medusa/server (built separately).
  ensurePluginBuild(log)
  const stamp = path.join(serverDir, ".source-hash")
  const hash = sourceHash()
  const built =
    fs.existsSync(path.join(serverDir, "medusa-config.js")) &&
    fs.existsSync(stamp) &&
    fs.readFileSync(stamp, "utf8") === hash
  if (!built) {
    // The bench serves no admin UI: skipping its (slow) bundle keeps the build to the backend.
    log("building the server (medusa build, backend only)...")
    const env = { ...process.env, ...secrets, NODE_ENV: "production", ADMIN_DISABLED: "true" }
    run(medusaBin, ["build"], { cwd: root, env })
    fs.writeFileSync(stamp, hash)
  }
  const link = path.join(serverDir, "node_modules")
  if (!fs.existsSync(link)) fs.symlinkSync(path.join(root, "node_modules"), link, "dir")
}

/** Postgres at DB_HOST/DB_PORT (default localhost:5432), else an embedded one. */
async function postgres() {
  const config = {
    host: process.env.DB_HOST || "localhost",
    port: Number(process.env.DB_PORT || 5432),
    user: process.env.DB_USERNAME || "postgres",
    password: process.env.DB_PASSWORD || "",
  }
  if (await canConnect(config)) return { config, stop: async () => {} }
  const port = Number(process.env.BENCH_EMBEDDED_PG_PORT || 54331)
  log(`no Postgres at ${config.host}:${config.port}; starting an embedded one on ${port}`)
  const embedded = await startEmbedded({ dir: path.join(root, ".data", "bench-postgres"), port })
  return { config: embedded.config, stop: () => embedded.stop() }
}

function urlFor(config, db) {
  const auth = config.password
    ? `${encodeURIComponent(config.user)}:${encodeURIComponent(config.password)}`
    : encodeURIComponent(config.user)
  return `postgres://${auth}@${config.host}:${config.port}/${db}`
}

function baseEnv(databaseUrl) {
  return {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    ...secrets,
    COOKIE_INSECURE: "true",
    ADMIN_DISABLED: "true",
    MEDUSA_DISABLE_TELEMETRY: "true",
    // Measure throughput, not 429s.
    RATE_LIMIT_STORE_POINTS: "100000000",
    RATE_LIMIT_KEY_POINTS: "100000000",
    RATE_LIMIT_AUTH_POINTS: "100000000",
    RATE_LIMIT_ADMIN_POINTS: "100000000",
    RATE_LIMIT_GLOBAL_POINTS: "100000000",
    RATE_LIMIT_IP_POINTS: "100000000",
  }
}

/** Creates, migrates and seeds a bench database (once), returns its fixture. */
async function prepareDatabase(pg, name, extraProducts) {
  await ensureDatabase(pg.config, name)
  const databaseUrl = urlFor(pg.config, name)
  const client = new Client({ ...pg.config, database: name })
  await client.connect()
  try {
    let seeded = false
    try {
      const r = await client.query("SELECT 1 FROM sales_channel WHERE name = 'Webshop' LIMIT 1")
      seeded = r.rowCount > 0
    } catch {
      seeded = false
    }
    if (!seeded) {
      log(`migrating and seeding ${name} (${extraProducts} extra products; takes a while once)...`)
      const env = { ...baseEnv(databaseUrl), SEED_EXTRA_PRODUCTS: String(extraProducts) }
      run(medusaBin, ["db:migrate"], { cwd: serverDir, env })
      run(medusaBin, ["exec", "./src/scripts/seed.js"], { cwd: serverDir, env })
    }
    return { databaseUrl, ...(await readFixture(client)) }
  } finally {
    await client.end()
  }
}

/**
 * Fresh planner statistics after seeding and the stock top-up, the same for
 * every bench database (ours and vanilla): autovacuum may not have analysed a
 * just-seeded database yet, and the plans of either server would then depend
 * on when it last ran.
 */
async function analyze(client) {
  await client.query("ANALYZE")
}

/** Identifiers the scenarios need; tops up stock so repeated runs never sell out. */
async function readFixture(client) {
  const key = await client.query(
    "SELECT token FROM api_key WHERE title = 'Webshop' AND type = 'publishable' AND revoked_at IS NULL LIMIT 1"
  )
  const regions = await client.query(
    "SELECT id, currency_code FROM region WHERE deleted_at IS NULL ORDER BY currency_code"
  )
  const products = await client.query(
    "SELECT id, handle FROM product WHERE deleted_at IS NULL AND status = 'published' ORDER BY created_at LIMIT 48"
  )
  const categories = await client.query(
    "SELECT id FROM product_category WHERE deleted_at IS NULL ORDER BY rank, handle"
  )
  // Plenty-of-stock variants only: the sold-out and scarce demo variants stay as seeded.
  await client.query(
    "UPDATE inventory_level SET stocked_quantity = reserved_quantity + 1000000 WHERE stocked_quantity >= 20 AND deleted_at IS NULL"
  )
  await analyze(client)
  const variants = await client.query(
    `SELECT pv.id FROM product_variant pv
       JOIN product_variant_inventory_item pvi ON pvi.variant_id = pv.id AND pvi.deleted_at IS NULL
       JOIN inventory_level il ON il.inventory_item_id = pvi.inventory_item_id AND il.deleted_at IS NULL
      WHERE pv.deleted_at IS NULL AND il.stocked_quantity >= 1000000
      ORDER BY pv.created_at LIMIT 60`
  )
  const region = (c) => regions.rows.find((r) => r.currency_code === c).id
  return {
    publishableKey: key.rows[0].token,
    regions: { eur: region("eur"), usd: region("usd") },
    products: products.rows,
    categories: categories.rows.map((r) => r.id),
    variants: variants.rows.map((r) => r.id),
  }
}

async function waitForHealth(base, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error("the server exited during start-up")
    try {
      const res = await fetch(`${base}/health`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`${base}/health did not answer in time`)
}

/**
 * Starts `medusa start` in `cwd` (default: our .medusa/server) with the given
 * extra env; returns a handle.
 */
async function startServer({
  port,
  databaseUrl,
  env,
  logFile,
  nodeArgs = [],
  args: extra = [],
  cwd = serverDir,
}) {
  const out = fs.openSync(logFile, "a")
  const args = ["start", "-p", String(port), ...extra]
  // Node flags (e.g. --cpu-prof, which NODE_OPTIONS may not carry) need node run explicitly.
  const [cmd, argv] = nodeArgs.length
    ? [process.execPath, [...nodeArgs, medusaBin, ...args]]
    : [medusaBin, args]
  const child = spawn(cmd, argv, {
    cwd,
    env: { ...baseEnv(databaseUrl), PORT: String(port), ...env },
    stdio: ["ignore", out, out],
  })
  const base = `http://127.0.0.1:${port}`
  try {
    await waitForHealth(base, child, 240000)
  } catch (e) {
    child.kill("SIGKILL")
    throw e
  }
  return { base, child, stop: () => stopChild(child) }
}

/**
 * CPU time (user + system, ms) that process `pid` and every live descendant have used so far,
 * from /proc (Linux). Other load on the machine slows a server's answers but not the CPU its
 * own work needs, so this compares servers more steadily than wall time on a noisy machine.
 */
function processTreeCpuMs(pid) {
  const tick = 1000 / 100 // USER_HZ is 100 on Linux
  const stats = new Map()
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue
    try {
      const raw = fs.readFileSync(`/proc/${name}/stat`, "utf8")
      // Fields after the ")" that closes the command name: state ppid ... utime(14) stime(15).
      const f = raw.slice(raw.lastIndexOf(")") + 2).split(" ")
      stats.set(Number(name), { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) * tick })
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0
  const queue = [pid]
  while (queue.length) {
    const p = queue.pop()
    total += stats.get(p)?.cpu ?? 0
    for (const [child, st] of stats) if (st.ppid === p) queue.push(child)
  }
  return total
}

function stopChild(child) {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 15000)
    child.once("exit", () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill("SIGTERM")
  })
}

module.exports = {
  processTreeCpuMs,
  sourceHash,
  ensureBuild,
  baseEnv,
  readFixture,
  run,
  urlFor,
  serverDir,
  medusaBin,
  postgres,
  prepareDatabase,
  startServer,
  stopChild,
  log,
  root,
}
