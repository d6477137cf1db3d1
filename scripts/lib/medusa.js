// Shared by `npm start`, `npm run topology` and the benchmarks: build the server when
// stale, migrate, and run the idempotent demo bootstrap (seed + admin user).
const { spawnSync } = require("child_process")
const crypto = require("crypto")
const fs = require("fs")
const path = require("path")

const root = path.resolve(__dirname, "..", "..")
const serverDir = path.join(root, ".medusa", "server")
// Our features are the plugin in packages/plugin; the app consumes its build by package name.
const pluginDir = path.join(root, "packages", "plugin")
const pluginServerDir = path.join(pluginDir, ".medusa", "server")
const medusaBin = path.join(root, "node_modules", ".bin", "medusa")

function listFiles(dir) {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    return e.isDirectory() ? listFiles(full) : [full]
  })
}

function hashFiles(files) {
  const hash = crypto.createHash("sha256")
  for (const file of [...files].sort()) {
    if (!fs.existsSync(file)) continue
    hash.update(path.relative(root, file))
    hash.update(fs.readFileSync(file))
  }
  return hash.digest("hex")
}

/** Hash of everything the plugin's build depends on. */
function pluginSourceHash() {
  return hashFiles([
    ...listFiles(path.join(pluginDir, "src")).filter(
      (f) => !f.includes(`${path.sep}__tests__${path.sep}`)
    ),
    path.join(pluginDir, "package.json"),
    path.join(pluginDir, "tsconfig.json"),
    path.join(root, "package-lock.json"),
  ])
}

/** Hash of everything the app's build depends on (the plugin's sources included), to rebuild only when stale. */
function sourceHash() {
  return hashFiles([
    ...listFiles(path.join(root, "src")),
    ...listFiles(path.join(pluginDir, "src")),
    path.join(root, "medusa-config.ts"),
    path.join(root, "package-lock.json"),
    path.join(root, "tsconfig.json"),
    path.join(pluginDir, "package.json"),
  ])
}

/** Runs `medusa plugin:build` in packages/plugin when its sources changed since the last build. */
function ensurePluginBuild(log = () => {}) {
  // Beside the build, not in it: .medusa/server is what `npm pack` ships.
  const stamp = path.join(pluginDir, ".medusa", ".source-hash")
  const hash = pluginSourceHash()
  const built =
    fs.existsSync(path.join(pluginServerDir, "src", "admin", "index.mjs")) &&
    fs.existsSync(stamp) &&
    fs.readFileSync(stamp, "utf8") === hash
  if (built) return false
  log("building the plugin (packages/plugin, medusa plugin:build)...")
  run(medusaBin, ["plugin:build"], {
    cwd: pluginDir,
    env: { ...process.env, NODE_ENV: "production" },
  })
  fs.writeFileSync(stamp, hash)
  return true
}

function run(cmd, args, opts) {
  const r = spawnSync(cmd, args, { stdio: "inherit", ...opts })
  if (r.status !== 0)
    throw new Error(`${path.basename(cmd)} ${args.join(" ")} failed (exit ${r.status})`)
}

/** What a build depends on: the sources and the admin's baked-in backend URL. */
function buildStamp(env) {
  return `${sourceHash()}:${env.MEDUSA_BACKEND_URL || ""}`
}

function ensureBuild(env, log = () => {}) {
  ensurePluginBuild(log)
  const stamp = path.join(serverDir, ".source-hash")
  const hash = buildStamp(env)
  const built =
    fs.existsSync(path.join(serverDir, "public", "admin", "index.html")) &&
    fs.existsSync(stamp) &&
    fs.readFileSync(stamp, "utf8") === hash
  if (built) {
    log("build is up to date")
  } else {
    log("building backend and admin UI (first start or sources changed)...")
    run(medusaBin, ["build"], { cwd: root, env: { ...env, NODE_ENV: "production" } })
    fs.writeFileSync(stamp, hash)
  }
  const link = path.join(serverDir, "node_modules")
  if (!fs.existsSync(link)) fs.symlinkSync(path.join(root, "node_modules"), link, "dir")
}

/** Migrates and seeds (once) the database in env.DATABASE_URL; returns the bootstrap result. */
function prepareDatabase(env, { adminEmail, adminPassword, stdio = "inherit" }) {
  run(medusaBin, ["db:migrate"], { cwd: serverDir, env, stdio })
  const out = path.join(
    require("os").tmpdir(),
    `commerce-bootstrap-${process.pid}-${Date.now()}.json`
  )
  run(medusaBin, ["exec", "./src/scripts/bootstrap-demo.js"], {
    cwd: serverDir,
    stdio,
    env: {
      ...env,
      DEMO_ADMIN_EMAIL: adminEmail,
      DEMO_ADMIN_PASSWORD: adminPassword,
      DEMO_OUTPUT: out,
    },
  })
  const result = JSON.parse(fs.readFileSync(out, "utf8"))
  fs.rmSync(out, { force: true })
  return result
}

async function waitForHttp(url, timeoutMs, isAlive = () => true) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`the process behind ${url} exited during start-up`)
    try {
      const res = await fetch(url)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300))
  }
  throw new Error(`${url} did not answer in time`)
}

module.exports = {
  root,
  serverDir,
  medusaBin,
  pluginDir,
  sourceHash,
  ensurePluginBuild,
  ensureBuild,
  prepareDatabase,
  run,
  waitForHttp,
}
