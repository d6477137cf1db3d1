#!/usr/bin/env node
// `npm run bench`: starts each server configuration in turn against a seeded
// bench database, runs the same scenarios against each, and reports rps,
// latency percentiles, errors and the ratios between configurations.
//
//   BENCH_DURATION=10      seconds per load scenario (mixed load runs twice as long)
//   BENCH_PRODUCTS=5000    also seed/measure a catalog with that many extra products
//   BENCH_CONFIGS=ours,ours-cluster,plain,medusa-cache,bare   subset to run
//   BENCH_CHECKOUTS=8      sequential guest checkouts measured per configuration
//   BENCH_USERS=50         virtual users in the mixed load
//   BENCH_PORT=9200        first port used (servers run one at a time)
//   BENCH_REDIS_URL=redis://127.0.0.1:6379/5  Redis for the configurations that use it
const fs = require("fs")
const os = require("os")
const path = require("path")
const { spawn, spawnSync } = require("child_process")
const Redis = require("ioredis")
const {
  ensureBuild,
  postgres,
  prepareDatabase,
  startServer,
  stopChild,
  log,
  root,
} = require("./lib/server")
const { catalogUrls, cannon, checkouts, cartOps, mixed } = require("./lib/scenarios")
const { request } = require("./lib/http")
const { barChart, LABELS } = require("./lib/chart")

const D = Math.max(2, Number(process.env.BENCH_DURATION || 10))
const EXTRA = Number(process.env.BENCH_PRODUCTS || 0)
const PORT = Number(process.env.BENCH_PORT || 9200)
const REDIS_URL = process.env.BENCH_REDIS_URL || "redis://127.0.0.1:6379/5"
const USERS = Number(process.env.BENCH_USERS || 50)
const CHECKOUTS = Number(process.env.BENCH_CHECKOUTS || 8)
const SELECTED = (process.env.BENCH_CONFIGS || "ours,ours-cluster,plain,medusa-cache,bare").split(
  ","
)
const resultsDir = path.join(__dirname, "results")

// Same infrastructure for all three (Postgres + Redis event bus, workflow
// engine, locking); only the caching differs.
const CONFIGS = [
  { id: "ours", env: { CATALOG_CACHE: "on", MEDUSA_CACHING: "off" } },
  // What `npm start` runs with Redis: the same, one process per CPU (Medusa's --cluster).
  {
    id: "ours-cluster",
    env: { CATALOG_CACHE: "on", MEDUSA_CACHING: "off" },
    args: ["--cluster", String(os.cpus().length)],
  },
  { id: "plain", env: { CATALOG_CACHE: "off", MEDUSA_CACHING: "off" } },
  { id: "medusa-cache", env: { CATALOG_CACHE: "off", MEDUSA_CACHING: "redis" } },
].filter((c) => SELECTED.includes(c.id))

async function flushRedis() {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 })
  try {
    await redis.flushdb()
  } finally {
    redis.disconnect()
  }
}

async function warmUp(base, headers, fx) {
  const urls = catalogUrls(fx)
  for (let i = 0; i < 3; i++) {
    await request(base, "GET", urls.list, { headers })
    for (const p of fx.products) {
      await request(
        base,
        "GET",
        `/store/products?handle=${p.handle}&region_id=${fx.regions.eur}&fields=*variants.calculated_price`,
        { headers }
      )
    }
  }
  await cannon(base, headers, { path: urls.list, connections: 10, seconds: 2 })
}

async function measureCatalog(base, fx, { full }) {
  const headers = { "x-publishable-api-key": fx.publishableKey }
  const urls = catalogUrls(fx)
  await warmUp(base, headers, fx)
  const r = {}
  log("  catalog list, 20 connections")
  r.list20 = await cannon(base, headers, { path: urls.list, connections: 20, seconds: D })
  log(`    ${r.list20.rps} req/s p50 ${r.list20.p50} ms`)
  log("  catalog list, 1 connection")
  r.list1 = await cannon(base, headers, {
    path: urls.list,
    connections: 1,
    seconds: Math.ceil(D / 2),
  })
  log("  search")
  r.search = await cannon(base, headers, { path: urls.search, connections: 20, seconds: D })
  if (!full) return r
  log("  product by handle")
  r.handle = await cannon(base, headers, { path: urls.handle, connections: 20, seconds: D })
  log("  category listing")
  r.category = await cannon(base, headers, { path: urls.category, connections: 20, seconds: D })
  log("  cart operations")
  r.cart = await cartOps(base, fx, headers, D)
  log(`  ${CHECKOUTS} sequential guest checkouts`)
  r.checkout = await checkouts(base, fx, headers, CHECKOUTS)
  log(`    median ${r.checkout.total.p50} ms`)
  log(`  mixed load, ${USERS} users`)
  r.mixed = await mixed(base, fx, headers, { users: USERS, seconds: 2 * D })
  log(`    ${r.mixed.rps} req/s p95 ${r.mixed.p95} ms errors ${r.mixed.errors}`)
  return r
}

async function measureBare(bodyFile, logFile) {
  const port = PORT + 9
  const out = fs.openSync(logFile, "a")
  const child = spawn(process.execPath, [path.join(__dirname, "bare-server.js")], {
    env: { ...process.env, PORT: String(port), BARE_BODY_FILE: bodyFile },
    stdio: ["ignore", out, out],
  })
  await new Promise((r) => setTimeout(r, 500))
  const base = `http://127.0.0.1:${port}`
  try {
    await cannon(base, {}, { path: "/", connections: 10, seconds: 1 })
    return {
      list20: await cannon(base, {}, { path: "/store/products", connections: 20, seconds: D }),
      list1: await cannon(
        base,
        {},
        { path: "/store/products", connections: 1, seconds: Math.ceil(D / 2) }
      ),
    }
  } finally {
    await stopChild(child)
  }
}

const ratio = (a, b) => (a != null && b ? Math.round((a / b) * 100) / 100 : null)

function ratios(res) {
  const o = res.ours || {}
  const get = (c, s, k) => res[c]?.[s]?.[k]
  return {
    "list20 rps ours / medusa-cache (target >= 10)": ratio(
      get("ours", "list20", "rps"),
      get("medusa-cache", "list20", "rps")
    ),
    "list20 rps ours / bare node (target >= 0.25)": ratio(
      get("ours", "list20", "rps"),
      get("bare", "list20", "rps")
    ),
    "list20 rps ours / plain": ratio(get("ours", "list20", "rps"), get("plain", "list20", "rps")),
    "list1 p50 ms ours (target <= 2)": o.list1?.p50 ?? null,
    "checkout median ours / plain (target <= 0.8)": ratio(
      o.checkout?.total?.p50,
      res.plain?.checkout?.total?.p50
    ),
    "mixed rps ours / plain (target >= 3)": ratio(o.mixed?.rps, res.plain?.mixed?.rps),
    "mixed p95 ms ours (target <= 300)": o.mixed?.p95 ?? null,
    "mixed errors ours (target 0)": o.mixed?.errors ?? null,
    "list20 rps ours-cluster / medusa-cache": ratio(
      get("ours-cluster", "list20", "rps"),
      get("medusa-cache", "list20", "rps")
    ),
    "checkout median ours-cluster / plain": ratio(
      res["ours-cluster"]?.checkout?.total?.p50,
      res.plain?.checkout?.total?.p50
    ),
    "mixed rps ours-cluster / plain": ratio(res["ours-cluster"]?.mixed?.rps, res.plain?.mixed?.rps),
    "mixed p95 ms ours-cluster": res["ours-cluster"]?.mixed?.p95 ?? null,
  }
}

function printTable(title, res) {
  const rows = []
  for (const [config, scenarios] of Object.entries(res)) {
    for (const [name, s] of Object.entries(scenarios)) {
      if (name === "failed") {
        rows.push([config, `FAILED: ${s}`, "-", "-", "-", "-", "-"])
      } else if (name === "checkout") {
        rows.push([config, name, "-", s.total.p50, s.total.p95, s.total.p99, s.errors])
      } else {
        rows.push([config, name, s.rps, s.p50, s.p95, s.p99, s.errors])
      }
    }
  }
  const head = ["config", "scenario", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"]
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
  const line = (r) => r.map((v, i) => String(v).padEnd(widths[i])).join("  ")
  process.stdout.write(`\n${title}\n${line(head)}\n${rows.map(line).join("\n")}\n`)
}

async function main() {
  const started = new Date()
  fs.mkdirSync(resultsDir, { recursive: true })
  const stamp = started.toISOString().replace(/[:]/g, "-").replace(/\..*/, "")
  const logFile = path.join(resultsDir, `${stamp}.server.log`)
  log(
    `duration ${D}s per scenario; configs ${SELECTED.join(", ")}; server log ${path.relative(root, logFile)}`
  )

  ensureBuild()
  const pg = await postgres()
  const catalogs = [{ name: "demo", db: "bench_perf", extra: 0, full: true }]
  if (EXTRA > 0)
    catalogs.push({ name: `demo+${EXTRA}`, db: `bench_perf_${EXTRA}`, extra: EXTRA, full: false })
  const results = {}
  const fixtures = {}
  try {
    for (const cat of catalogs) fixtures[cat.name] = await prepareDatabase(pg, cat.db, cat.extra)
    for (const cat of catalogs) {
      const fx = fixtures[cat.name]
      results[cat.name] = {}
      for (const config of CONFIGS) {
        log(`[${cat.name}] starting ${config.id} (${JSON.stringify(config.env)})`)
        await flushRedis()
        const server = await startServer({
          port: PORT,
          databaseUrl: fx.databaseUrl,
          env: { REDIS_URL: REDIS_URL, ...config.env },
          args: config.args,
          logFile,
        })
        try {
          if (config.id === "ours" && !fx.body) {
            const res = await fetch(server.base + catalogUrls(fx).list, {
              headers: { "x-publishable-api-key": fx.publishableKey },
            })
            fx.body = Buffer.from(await res.arrayBuffer())
          }
          results[cat.name][config.id] = await measureCatalog(server.base, fx, { full: cat.full })
        } catch (e) {
          log(`  ${config.id} failed: ${e.message}`)
          results[cat.name][config.id] = { failed: e.message }
        } finally {
          await server.stop()
        }
      }
      if (SELECTED.includes("bare")) {
        let body = fx.body
        if (!body) {
          // No "ours" run to copy from: serve a body of the typical size.
          body = Buffer.from(JSON.stringify({ products: [], pad: "x".repeat(46000) }))
        }
        const bodyFile = path.join(os.tmpdir(), `bench-body-${process.pid}.json`)
        fs.writeFileSync(bodyFile, body)
        log(`[${cat.name}] bare Node server with the same ${body.length} bytes`)
        results[cat.name].bare = await measureBare(bodyFile, logFile)
        fs.rmSync(bodyFile, { force: true })
      }
    }
  } finally {
    await pg.stop()
  }

  const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], {
    cwd: root,
    encoding: "utf8",
  }).stdout.trim()
  const report = {
    date: started.toISOString(),
    commit,
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadavg: os.loadavg(),
    },
    settings: {
      durationSeconds: D,
      users: USERS,
      checkouts: CHECKOUTS,
      extraProducts: EXTRA,
      configs: SELECTED,
    },
    configs: Object.fromEntries(CONFIGS.map((c) => [c.id, c.env])),
    results,
    ratios: Object.fromEntries(Object.entries(results).map(([cat, res]) => [cat, ratios(res)])),
  }
  const jsonFile = path.join(resultsDir, `${stamp}.json`)
  fs.writeFileSync(jsonFile, JSON.stringify(report, null, 2) + "\n")

  const groups = []
  for (const [cat, res] of Object.entries(results)) {
    for (const scenario of ["list20", "list1", "handle", "category", "search", "cart", "mixed"]) {
      const values = {}
      for (const c of Object.keys(LABELS)) values[c] = res[c]?.[scenario]?.rps ?? null
      if (Object.values(values).some((v) => v != null))
        groups.push({ label: `${scenario} (${cat})`, values })
    }
  }
  const svg = barChart({
    title: `Requests per second, ${report.machine.cpus} cores, ${started.toISOString().slice(0, 10)}`,
    groups,
  })
  fs.writeFileSync(path.join(resultsDir, `${stamp}.svg`), svg)
  fs.writeFileSync(path.join(resultsDir, "latest.svg"), svg)
  fs.writeFileSync(path.join(resultsDir, "latest.json"), JSON.stringify(report, null, 2) + "\n")

  for (const [cat, res] of Object.entries(results)) {
    printTable(`== ${cat} catalog`, res)
    if (res.ours?.checkout) {
      process.stdout.write(
        `\ncheckout steps (median ms): ${["ours", "plain", "medusa-cache"].filter((c) => res[c]?.checkout).join(" / ")}\n`
      )
      res.ours.checkout.steps.forEach((s, i) => {
        const others = ["plain", "medusa-cache"].map((c) => res[c]?.checkout?.steps[i]?.p50 ?? "-")
        process.stdout.write(`  ${s.name.padEnd(28)} ${s.p50} / ${others.join(" / ")}\n`)
      })
    }
    process.stdout.write(`\nratios (${cat}):\n`)
    for (const [k, v] of Object.entries(report.ratios[cat])) process.stdout.write(`  ${k}: ${v}\n`)
  }
  process.stdout.write(
    `\nwrote ${path.relative(root, jsonFile)} and ${path.relative(root, jsonFile.replace(/json$/, "svg"))}\n`
  )
}

main().catch((err) => {
  process.stderr.write(`[bench] ${err.stack || err.message}\n`)
  process.exit(1)
})
