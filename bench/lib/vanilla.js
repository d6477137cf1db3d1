// The "vanilla" configuration: a create-medusa-app backend with only Medusa's
// packages (template in bench/vanilla), generated into a temp directory at bench
// time, built with `medusa build`, and its own database seeded with the core
// part of the same demo catalog. node_modules is a link to the project's, so
// the Medusa packages are byte for byte the ones ours runs on.
const crypto = require("crypto")
const fs = require("fs")
const os = require("os")
const path = require("path")
const { Client } = require("pg")
const { ensureDatabase } = require("../../scripts/lib/postgres")
const { baseEnv, readFixture, run, urlFor, medusaBin, serverDir, log, root } = require("./server")

const templateDir = path.join(__dirname, "..", "vanilla")
const TEMPLATE_FILES = ["package.json", "tsconfig.json", "medusa-config.ts"]
// One generated app per checkout of the project (several clones may bench at once).
const appDir = path.join(
  os.tmpdir(),
  `commerce-bench-vanilla-${crypto.createHash("sha256").update(root).digest("hex").slice(0, 8)}`
)
const vanillaServerDir = path.join(appDir, ".medusa", "server")

function templateHash() {
  const hash = crypto.createHash("sha256")
  for (const f of TEMPLATE_FILES) hash.update(f).update(fs.readFileSync(path.join(templateDir, f)))
  hash.update(fs.realpathSync(path.join(root, "node_modules", "@medusajs", "medusa")))
  return hash.digest("hex")
}

function link(target, at) {
  if (!fs.existsSync(at)) fs.symlinkSync(target, at, "dir")
}

/** Generates and builds the vanilla app (again only when the template changed). */
function ensureVanillaBuild() {
  const stamp = path.join(vanillaServerDir, ".template-hash")
  const hash = templateHash()
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === hash) return vanillaServerDir
  log(`generating the vanilla Medusa app in ${appDir} (medusa build, backend only)...`)
  fs.rmSync(appDir, { recursive: true, force: true })
  fs.mkdirSync(appDir, { recursive: true })
  for (const f of TEMPLATE_FILES) fs.copyFileSync(path.join(templateDir, f), path.join(appDir, f))
  link(path.join(root, "node_modules"), path.join(appDir, "node_modules"))
  run(medusaBin, ["build"], {
    cwd: appDir,
    env: { ...process.env, NODE_ENV: "production", MEDUSA_DISABLE_TELEMETRY: "true" },
  })
  link(path.join(root, "node_modules"), path.join(vanillaServerDir, "node_modules"))
  fs.writeFileSync(stamp, hash)
  return vanillaServerDir
}

/**
 * Creates, migrates (with vanilla Medusa's own migrations) and seeds the vanilla
 * database once: the demo catalog without the parts that need our modules.
 */
async function prepareVanillaDatabase(pg, name) {
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
      log(`migrating and seeding ${name} with vanilla Medusa (takes a while once)...`)
      const env = {
        ...baseEnv(databaseUrl),
        BENCH_DEMO_SEED: path.join(serverDir, "src", "lib", "demo-seed.js"),
      }
      run(medusaBin, ["db:migrate"], { cwd: vanillaServerDir, env })
      run(medusaBin, ["exec", path.join(templateDir, "seed.js")], { cwd: vanillaServerDir, env })
    }
    return { databaseUrl, ...(await readFixture(client)) }
  } finally {
    await client.end()
  }
}

/**
 * Fails the run unless `base` is vanilla Medusa: none of our routes
 * (/openapi.json), request ids, cache or security headers. `ours` is checked
 * the other way round, so the probe itself is known to tell them apart.
 */
async function assertIdentity(base, publishableKey, expectVanilla) {
  const docs = await fetch(`${base}/openapi.json`)
  await docs.arrayBuffer()
  const res = await fetch(`${base}/store/regions?limit=1`, {
    headers: { "x-publishable-api-key": publishableKey },
  })
  await res.arrayBuffer()
  const found = {
    openapi: docs.status !== 404,
    requestId: res.headers.has("x-request-id"),
    cacheHeader: res.headers.has("x-cache"),
    nosniff: res.headers.get("x-content-type-options") === "nosniff",
  }
  const ours = Object.entries(found).filter(([, v]) => v)
  if (expectVanilla && ours.length)
    throw new Error(`the vanilla server runs our code: ${ours.map(([k]) => k).join(", ")}`)
  if (!expectVanilla && ours.length !== Object.keys(found).length)
    throw new Error(`our server lacks its own layers: ${JSON.stringify(found)}`)
  return found
}

module.exports = { appDir, ensureVanillaBuild, prepareVanillaDatabase, assertIdentity }
