// The database `npm start` uses: DATABASE_URL when set, otherwise database "commerce" of the
// embedded Postgres in .data/postgres (reused when `npm start` runs it, else started for the
// duration of the command and stopped again).
const fs = require("fs")
const path = require("path")
const { databaseUrl, startEmbeddedOnFreePort } = require("./postgres")

const root = path.resolve(__dirname, "..", "..")
const dataDir = path.join(root, ".data")
const EMBEDDED_DATABASE = "commerce"

/** Port of a live postmaster of the embedded data directory (line 4 of postmaster.pid), or null. */
function runningEmbeddedPort(dir) {
  let lines
  try {
    lines = fs.readFileSync(path.join(dir, "postmaster.pid"), "utf8").split("\n")
  } catch {
    return null
  }
  const pid = Number(lines[0])
  try {
    process.kill(pid, 0)
  } catch (e) {
    if (e.code !== "EPERM") return null
  }
  return Number(lines[3]) || null
}

/**
 * Calls `fn(url, description)` with a connection URL of the store's database. `url` given
 * (--database-url) wins over DATABASE_URL, which wins over the embedded Postgres.
 */
async function withStoreDatabase({ url, log, requireExisting = true }, fn) {
  const explicit = url || process.env.DATABASE_URL
  if (explicit) return fn(explicit, "the database at DATABASE_URL / --database-url")
  const dir = path.join(dataDir, "postgres")
  if (!fs.existsSync(path.join(dir, "PG_VERSION")) && requireExisting) {
    throw new Error(
      "no DATABASE_URL and no embedded Postgres in .data/postgres (run `npm start` once, or set DATABASE_URL)"
    )
  }
  const running = runningEmbeddedPort(dir)
  const config = { host: "localhost", user: "postgres", password: "postgres" }
  if (running) {
    log(`using the embedded Postgres that is running on port ${running}`)
    return fn(databaseUrl({ ...config, port: running }, EMBEDDED_DATABASE), "the embedded Postgres")
  }
  const started = await startEmbeddedOnFreePort({
    dir,
    preferred: 54329,
    portFile: path.join(dataDir, "embedded-postgres.json"),
    log,
  })
  log(`started the embedded Postgres (.data/postgres) on port ${started.port}`)
  try {
    return await fn(databaseUrl(started.config, EMBEDDED_DATABASE), "the embedded Postgres")
  } finally {
    await started.stop()
  }
}

/** `--name value` / `--name=value` options and positional arguments. */
function parseArgs(argv, { flags = [], options = [] }) {
  const out = { _: [] }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (!a.startsWith("--")) {
      out._.push(a)
      continue
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s)
    if (flags.includes(name)) out[name] = true
    else if (options.includes(name)) {
      const value = inline ?? argv[++i]
      if (value === undefined || value === "") throw new Error(`--${name} needs a value`)
      out[name] = value
    } else throw new Error(`unknown option --${name}`)
  }
  return out
}

module.exports = { root, dataDir, withStoreDatabase, parseArgs }
