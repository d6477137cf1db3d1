#!/usr/bin/env node
// `npm run bench:profile`: where does a guest checkout's time go? Starts the bench
// server (configuration "ours") under the V8 CPU profiler, runs sequential guest
// checkouts, stops it, and prints per-step medians plus the CPU time by package and
// by function. The raw .cpuprofile (open it in Chrome DevTools) stays in
// bench/results/profiles/.
//
//   PROFILE_CHECKOUTS=20   measured checkouts (after 2 warm-up runs)
//   PROFILE_ENV='{"CATALOG_CACHE":"off"}'   extra server env (e.g. to profile plain)
//   PROFILE_CONFIG=vanilla  profile the vanilla Medusa app instead (bench/lib/vanilla.js)
//   PROFILE_SCENARIO=cart   profile the cart loop (10 shoppers) for PROFILE_SECONDS (20) instead
// Only samples taken while the measured checkouts ran are counted (not boot or idle time).
// A checkout profile also prints each step's CPU (by package and function), its SQL statements
// and database time (Postgres' log, BENCH_PG_LOG, while log_min_duration_statement is 0 for
// the bench database only), and the response-building cost (a GET of the finished cart with
// the default fields, which is what every cart write's response refetches).
const fs = require("fs")
const path = require("path")
const Redis = require("ioredis")
const { ensureBuild, postgres, prepareDatabase, startServer, log, root } = require("./lib/server")
const { Client } = require("pg")
const { cartOps, checkout, checkouts } = require("./lib/scenarios")
const { summarise: stats } = require("./lib/stats")
const { request } = require("./lib/http")
const { ensureVanillaBuild, prepareVanillaDatabase } = require("./lib/vanilla")

const COUNT = Number(process.env.PROFILE_CHECKOUTS || 20)
const PORT = Number(process.env.BENCH_PORT || 9200)
const REDIS_URL = process.env.BENCH_REDIS_URL || "redis://127.0.0.1:6379/5"
const EXTRA_ENV = JSON.parse(process.env.PROFILE_ENV || "{}")
const VANILLA = process.env.PROFILE_CONFIG === "vanilla"
const CART_LOOP = process.env.PROFILE_SCENARIO === "cart"
const SECONDS = Number(process.env.PROFILE_SECONDS || 20)
const profileDir = path.join(__dirname, "results", "profiles")
const PG_LOG = process.env.BENCH_PG_LOG || "/var/log/postgresql/postgresql-15-main.log"

const packageOf = (callFrame) => {
  const url = callFrame.url || ""
  const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)
  if (m) return m[1]
  if (url.includes("/.medusa/server/src/") || url.includes("/packages/plugin/")) return "(our code)"
  if (url.startsWith("node:") || !url)
    return callFrame.functionName.startsWith("(") ? callFrame.functionName : "(node internals)"
  return "(other)"
}

/**
 * Each step's CPU: the self time of the samples inside its spans ([from, to] µs on the
 * monotonic clock), by package and by function, idle excluded.
 */
function perStepCpu(profile, spans) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const sorted = [...spans].sort((a, b) => a.from - b.from)
  const steps = new Map()
  let t = profile.startTime
  let k = 0
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i] || 0
    t += us
    while (k < sorted.length && sorted[k].to < t) k++
    const span = sorted[k]
    if (!span || span.from > t) continue
    const { callFrame } = byId.get(profile.samples[i])
    if (callFrame.functionName === "(idle)") continue
    const step = steps.get(span.name) || { us: 0, pkgs: new Map(), fns: new Map() }
    steps.set(span.name, step)
    step.us += us
    const pkg = packageOf(callFrame)
    step.pkgs.set(pkg, (step.pkgs.get(pkg) || 0) + us)
    const fn = `${callFrame.functionName || "(anonymous)"} ${(callFrame.url || "").replace(/^.*node_modules\//, "")}:${callFrame.lineNumber + 1}`
    step.fns.set(fn, (step.fns.get(fn) || 0) + us)
  }
  return steps
}

/** Statements and their time per step, from Postgres' log lines of one database. */
function perStepSql(logText, database, spans, toWallMs) {
  const line = new RegExp(
    `^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) (\\w+) \\[\\d+\\] \\S*@${database} LOG:  duration: ([\\d.]+) ms  (\\w+)`
  )
  const wall = spans
    .map((s) => ({ name: s.name, from: toWallMs(s.from), to: toWallMs(s.to) }))
    .sort((a, b) => a.from - b.from)
  const out = new Map()
  for (const text of logText.split("\n")) {
    const m = line.exec(text)
    if (!m) continue
    const at = Date.parse(`${m[1].replace(" ", "T")}Z`)
    // Log time has millisecond resolution: a statement ending in the step's last ms counts.
    const span = wall.find((s) => at >= Math.floor(s.from) && at <= Math.ceil(s.to))
    if (!span) continue
    const step = out.get(span.name) || { statements: 0, ms: 0 }
    out.set(span.name, step)
    step.ms += Number(m[3])
    // Extended protocol logs parse, bind and execute separately: a statement is its execute.
    if (m[4] === "execute" || m[4] === "statement") step.statements++
  }
  return out
}

/**
 * Self time per call frame, summed by function and by package, of the samples
 * taken inside `window` ([from, to] in microseconds of the monotonic clock,
 * which process.hrtime and V8's profile timestamps share), idle excluded.
 */
function summarise(profile, window) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map()
  const dt = profile.timeDeltas
  let t = profile.startTime
  for (let i = 0; i < profile.samples.length; i++) {
    t += dt[i] || 0
    if (t < window[0] || t > window[1]) continue
    const id = profile.samples[i]
    if (byId.get(id).callFrame.functionName === "(idle)") continue
    self.set(id, (self.get(id) || 0) + (dt[i] || 0))
  }
  const fns = new Map()
  const pkgs = new Map()
  // Inclusive: each sample's time goes to the nearest frame of our code on its stack (the
  // library work our code causes counts there).
  const parent = new Map()
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id)
  const ours = new Map()
  const isOurs = (url) => url.includes("/.medusa/server/src/") || url.includes("/packages/plugin/")
  let total = 0
  for (const [id, us] of self) {
    for (let p = id; p !== undefined; p = parent.get(p)) {
      const cf = byId.get(p).callFrame
      if (!isOurs(cf.url || "")) continue
      const name = `${cf.functionName || "(anonymous)"} ${cf.url.replace(/^.*\/(src|dist)\//, "")}:${cf.lineNumber + 1}`
      ours.set(name, (ours.get(name) || 0) + us)
      break
    }
  }
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id)
    total += us
    const url = callFrame.url || ""
    const pkg = packageOf(callFrame)
    pkgs.set(pkg, (pkgs.get(pkg) || 0) + us)
    const fn = `${callFrame.functionName || "(anonymous)"} ${url.replace(/^.*node_modules\//, "")}:${callFrame.lineNumber + 1}`
    fns.set(fn, (fns.get(fn) || 0) + us)
  }
  const top = (map, n) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => `  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`)
  const oursTotal = [...ours.values()].reduce((a, b) => a + b, 0)
  return {
    totalMs: total / 1000,
    oursShare: total ? oursTotal / total : 0,
    packages: top(pkgs, 20),
    functions: top(fns, 30),
    ours: top(ours, 25),
  }
}

async function main() {
  ensureBuild()
  const pg = await postgres()
  try {
    const fx = VANILLA
      ? (ensureVanillaBuild(), await prepareVanillaDatabase(pg, "bench_vanilla"))
      : await prepareDatabase(pg, "bench_perf", 0)
    const redis = new Redis(REDIS_URL)
    await redis.flushdb()
    redis.disconnect()
    fs.mkdirSync(profileDir, { recursive: true })
    const before = new Set(fs.readdirSync(profileDir))
    const sql = VANILLA || CART_LOOP ? null : await logStatements(pg, fx.databaseUrl)
    const server = await startServer({
      port: PORT,
      databaseUrl: fx.databaseUrl,
      env: VANILLA ? { REDIS_URL, ...EXTRA_ENV } : { REDIS_URL, CATALOG_CACHE: "on", ...EXTRA_ENV },
      ...(VANILLA ? { cwd: ensureVanillaBuild() } : {}),
      nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${profileDir}`],
      logFile: path.join(profileDir, "server.log"),
    })
    const headers = { "x-publishable-api-key": fx.publishableKey }
    let result
    const now = () => Number(process.hrtime.bigint() / 1000n)
    const window = [0, 0]
    const spans = []
    const refetchMs = []
    try {
      await checkouts(server.base, fx, headers, 1)
      window[0] = now()
      result = CART_LOOP
        ? await cartOps(server.base, fx, headers, SECONDS)
        : await tracedCheckouts(server.base, fx, headers, COUNT, spans, refetchMs)
      window[1] = now()
    } finally {
      await server.stop()
      if (sql) await sql.stop()
    }
    const written = fs
      .readdirSync(profileDir)
      .filter((f) => f.endsWith(".cpuprofile") && !before.has(f))
    if (CART_LOOP) {
      log(`cart loop: ${result.requests} requests (errors ${result.errors}), p50 ${result.p50} ms`)
    } else {
      log(`checkouts: ${result.count} (errors ${result.errors}), median ${result.total.p50} ms`)
      for (const step of result.steps) log(`  ${step.name.padEnd(28)} ${step.p50} ms`)
    }
    // The largest profile is the server process (medusa start also spawns small helpers).
    const file = written
      .map((f) => path.join(profileDir, f))
      .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0]
    if (!file) throw new Error("no CPU profile was written")
    const s = summarise(JSON.parse(fs.readFileSync(file, "utf8")), window)
    if (CART_LOOP) {
      log(
        `CPU profile ${path.relative(root, file)}: ${s.totalMs.toFixed(0)} ms of CPU in the cart loop, ` +
          `~${(s.totalMs / result.requests).toFixed(1)} ms per request`
      )
    } else {
      // checkouts() runs one unmeasured warm-up inside the window too.
      const perCheckout = s.totalMs / (result.count + result.errors + 1)
      log(
        `CPU profile ${path.relative(root, file)}: ${s.totalMs.toFixed(0)} ms of CPU while the checkouts ran, ` +
          `~${perCheckout.toFixed(0)} ms per checkout`
      )
    }
    log(`under our code (inclusive): ${(100 * s.oursShare).toFixed(1)}%\n` + s.ours.join("\n"))
    if (!CART_LOOP) {
      const profile = JSON.parse(fs.readFileSync(file, "utf8"))
      const cpu = perStepCpu(profile, spans)
      const db = sql ? sql.perStep(spans) : null
      const runs = result.count + result.errors
      const share = (map, us, n) =>
        [...map.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, n)
          .map(([name, x]) => `${((100 * x) / us).toFixed(0)}% ${name}`)
      log("per step (means per checkout; CPU is the server's, SQL from Postgres' log):")
      for (const step of result.steps) {
        const c = cpu.get(step.name)
        const d = db && db.get(step.name)
        log(
          `  ${step.name.padEnd(26)} p50 ${String(step.p50).padStart(7)} ms  CPU ${((c ? c.us : 0) / 1000 / runs).toFixed(1).padStart(6)} ms` +
            (d
              ? `  SQL ${(d.statements / runs).toFixed(0).padStart(3)} statements ${(d.ms / runs).toFixed(1).padStart(6)} ms`
              : "")
        )
        if (c) {
          log(`      packages: ${share(c.pkgs, c.us, 6).join(", ")}`)
          log(`      functions: ${share(c.fns, c.us, 4).join(", ")}`)
        }
      }
      log(
        `response building (GET of the finished cart, default fields): p50 ${stats(refetchMs).p50} ms`
      )
    }
    log("by package (self time):\n" + s.packages.join("\n"))
    log("by function (self time):\n" + s.functions.join("\n"))
  } finally {
    await pg.stop()
  }
}

/** Sequential checkouts recording each step's span, then a GET of each finished cart. */
async function tracedCheckouts(base, fx, headers, count, spans, refetchMs) {
  const runs = []
  let errors = 0
  for (let i = 0; i < count; i++) {
    let cartId
    const mine = []
    const record = (res, span) => {
      mine.push(span)
      if (span.name === "create cart" && res.json && res.json.cart) cartId = res.json.cart.id
    }
    try {
      runs.push(await checkout(base, fx, headers, record))
      spans.push(...mine)
      const res = await request(base, "GET", `/store/carts/${cartId}`, { headers })
      refetchMs.push(res.ms)
    } catch (e) {
      errors++
      log(`checkout failed: ${e.message}`)
    }
  }
  const names = runs[0] ? runs[0].map((s) => s.name) : []
  return {
    count: runs.length,
    errors,
    total: stats(runs.map((steps) => steps.reduce((a, x) => a + x.ms, 0))),
    steps: names.map((name, i) => ({ name, p50: stats(runs.map((r) => r[i].ms)).p50 })),
  }
}

/**
 * Logs every statement of the bench database (that database only, through its own
 * setting), and reads them back per step from Postgres' server log. Null when the log
 * cannot be read here (an embedded or remote Postgres).
 */
async function logStatements(pg, databaseUrl) {
  const database = new URL(databaseUrl).pathname.slice(1)
  if (!fs.existsSync(PG_LOG)) {
    log(`no Postgres log at ${PG_LOG} (BENCH_PG_LOG): per-step SQL is not measured`)
    return null
  }
  const admin = new Client({ ...pg.config, database: "postgres" })
  await admin.connect()
  await admin.query(`ALTER DATABASE "${database}" SET log_min_duration_statement = 0`)
  const offset = fs.statSync(PG_LOG).size
  // Monotonic µs to wall-clock ms, for Postgres' log timestamps.
  const delta = Date.now() - Number(process.hrtime.bigint() / 1000000n)
  return {
    async stop() {
      await admin.query(`ALTER DATABASE "${database}" RESET log_min_duration_statement`)
      await admin.end()
    },
    perStep(spans) {
      const fd = fs.openSync(PG_LOG, "r")
      const size = fs.fstatSync(fd).size
      const buf = Buffer.alloc(size - offset)
      fs.readSync(fd, buf, 0, buf.length, offset)
      fs.closeSync(fd)
      return perStepSql(buf.toString("utf8"), database, spans, (us) => us / 1000 + delta)
    },
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
