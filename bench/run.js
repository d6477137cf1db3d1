#!/usr/bin/env node
// `npm run bench`: starts each server configuration in turn against a seeded
// bench database, runs the same scenarios against each, and reports rps,
// latency percentiles, errors and the ratios between configurations.
//
//   BENCH_DURATION=10      seconds per load scenario (mixed load runs twice as long)
//   BENCH_PRODUCTS=5000    also seed/measure a catalog with that many extra products
//   BENCH_CONFIGS=ours,ours-cluster,plain,medusa-cache,bare,vanilla   subset to run
//                          (vanilla: ours and a vanilla Medusa app side by side on the write path)
//                          (vendure: ours and a Vendure 3.7.3 server side by side on the write path,
//                          our checkout and cart loop mapped onto its Shop API, decision 0230; not in
//                          the default set, it installs bench/vendure/node_modules on first use.
//                          BENCH_CONFIGS=vanilla,vendure: ours, vanilla and Vendure in ONE interleaved run)
//                          (ours-core: ours with the leanCheckout feature off, i.e. Medusa's core cart
//                          route handlers behind our layers, as a write-path peer: the lean routes'
//                          before/after from the same run, e.g. BENCH_CONFIGS=vanilla,vendure,ours-core)
//   BENCH_CHECKOUTS=8      sequential guest checkouts measured per configuration (and per round)
//   BENCH_ROUNDS=2         alternating rounds of the write-path comparison (ours vs vanilla/Vendure)
//   BENCH_USERS=50         virtual users in the mixed load
//   BENCH_PEER_MIXED=1     the write-path comparison (vanilla, vendure) also runs the mixed load on each
//                          server, one after the other (off by default: it takes 2 × BENCH_DURATION each)
//   BENCH_PORT=9200        first port used (servers run one at a time)
//   BENCH_REDIS_URL=redis://127.0.0.1:6379/5  Redis for the configurations that use it
//   BENCH_VANILLA_REDIS_URL=redis://127.0.0.1:6379/6  Redis of the vanilla app (its own queues)
const fs = require("fs")
const os = require("os")
const path = require("path")
const { spawn, spawnSync } = require("child_process")
const Redis = require("ioredis")
const {
  ensureBuild,
  processTreeCpuMs,
  postgres,
  prepareDatabase,
  startServer,
  stopChild,
  log,
  root,
} = require("./lib/server")
const {
  WRITE_STEPS,
  catalogUrls,
  graphqlList20Body,
  cannon,
  checkouts,
  checkoutsInterleaved,
  cartOps,
  mixed,
} = require("./lib/scenarios")
const { ensureVanillaBuild, prepareVanillaDatabase, assertIdentity } = require("./lib/vanilla")
const {
  CHECKOUT_MAPPING,
  ensureVendureInstall,
  prepareVendureDatabase,
  startVendure,
  vendureCheckout,
  vendureWarmUp,
  vendureCartOps,
  vendureMixed,
} = require("./lib/vendure")
const { request } = require("./lib/http")
const { barChart, LABELS } = require("./lib/chart")

const D = Math.max(2, Number(process.env.BENCH_DURATION || 10))
const EXTRA = Number(process.env.BENCH_PRODUCTS || 0)
const PORT = Number(process.env.BENCH_PORT || 9200)
const REDIS_URL = process.env.BENCH_REDIS_URL || "redis://127.0.0.1:6379/5"
const USERS = Number(process.env.BENCH_USERS || 50)
const CHECKOUTS = Number(process.env.BENCH_CHECKOUTS || 8)
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS || 2))
const CORE_REDIS_URL = process.env.BENCH_CORE_REDIS_URL || "redis://127.0.0.1:6379/7"
const VANILLA_REDIS_URL = process.env.BENCH_VANILLA_REDIS_URL || "redis://127.0.0.1:6379/6"
// BENCH_PEER_MIXED=1: the write-path comparison also runs the mixed load on each server.
const PEER_MIXED = process.env.BENCH_PEER_MIXED === "1"
const MIXED_LOAD = { users: USERS, seconds: 2 * D }
const SELECTED = (
  process.env.BENCH_CONFIGS || "ours,ours-cluster,plain,medusa-cache,bare,vanilla"
).split(",")
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

async function flushRedis(url = REDIS_URL) {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 })
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
  // Warmed like the REST page above (a first miss, then 2 s of load), so both measure hits.
  const graphqlBody = graphqlList20Body(fx)
  for (let i = 0; i < 3; i++)
    await request(base, "POST", "/graphql", { headers, body: JSON.parse(graphqlBody) })
  await cannon(base, headers, {
    path: "/graphql",
    method: "POST",
    body: graphqlBody,
    connections: 10,
    seconds: 2,
  })
  log("  the same page through /graphql, 20 connections")
  r.graphql = await cannon(base, headers, {
    path: "/graphql",
    method: "POST",
    body: graphqlBody,
    connections: 20,
    seconds: D,
  })
  log(
    `    ${r.graphql.rps} req/s p50 ${r.graphql.p50} ms (GraphQL/REST ${(r.graphql.rps / r.list20.rps).toFixed(2)}, target >= 0.5)`
  )
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

/**
 * Ours side by side with its peers on the write path (single process each, own
 * database each): vanilla Medusa (same demo catalog, own Redis DB) and/or
 * Vendure (its sample catalog, our checkout mapped onto its Shop API). Guest
 * checkouts interleaved one by one over ROUNDS rounds, then the cart loop in
 * rotating rounds. `peers`: ["vanilla"], ["vendure"] or both.
 */
async function measureWritePath(pg, fxOurs, logFile, peers) {
  const withVanilla = peers.includes("vanilla")
  const withVendure = peers.includes("vendure")
  const withCore = peers.includes("ours-core")
  // Its own database and Redis DB: two servers on one database would share events and jobs.
  const fxCore = withCore ? await prepareDatabase(pg, "bench_core", 0) : null
  const vanillaDir = withVanilla ? ensureVanillaBuild() : null
  const fxVanilla = withVanilla ? await prepareVanillaDatabase(pg, "bench_vanilla") : null
  if (withVendure) ensureVendureInstall()
  const fxVendure = withVendure ? await prepareVendureDatabase(pg, "bench_vendure", PORT + 3) : null
  await flushRedis(REDIS_URL)
  if (withVanilla) await flushRedis(VANILLA_REDIS_URL)
  if (withCore) await flushRedis(CORE_REDIS_URL)
  log(`[write path] starting ours, ${peers.join(" and ")} side by side`)
  const servers = {}
  try {
    servers.ours = await startServer({
      port: PORT,
      databaseUrl: fxOurs.databaseUrl,
      env: { REDIS_URL, CATALOG_CACHE: "on", MEDUSA_CACHING: "off" },
      logFile,
    })
    if (withCore) {
      servers["ours-core"] = await startServer({
        port: PORT + 4,
        databaseUrl: fxCore.databaseUrl,
        env: {
          REDIS_URL: CORE_REDIS_URL,
          CATALOG_CACHE: "on",
          MEDUSA_CACHING: "off",
          COMMERCE_PLUGIN_OPTIONS: JSON.stringify({ leanCheckout: { enabled: false } }),
        },
        logFile,
      })
    }
    if (withVanilla) {
      servers.vanilla = await startServer({
        port: PORT + 1,
        databaseUrl: fxVanilla.databaseUrl,
        env: { REDIS_URL: VANILLA_REDIS_URL },
        logFile,
        cwd: vanillaDir,
      })
    }
    if (withVendure) {
      servers.vendure = await startVendure({
        port: PORT + 2,
        databaseUrl: fxVendure.databaseUrl,
        logFile,
      })
    }
    const medusaCartOps = (t) => (seconds) =>
      cartOps(t.base, t.fx, { "x-publishable-api-key": t.fx.publishableKey }, seconds)
    const targets = [{ id: "ours", base: servers.ours.base, fx: fxOurs }]
    if (withCore) targets.push({ id: "ours-core", base: servers["ours-core"].base, fx: fxCore })
    if (withVanilla) targets.push({ id: "vanilla", base: servers.vanilla.base, fx: fxVanilla })
    for (const t of targets) {
      t.cartOps = medusaCartOps(t)
      t.mixed = () =>
        mixed(t.base, t.fx, { "x-publishable-api-key": t.fx.publishableKey }, MIXED_LOAD)
    }
    if (withVendure) {
      const base = servers.vendure.base
      targets.push({
        id: "vendure",
        base,
        fx: fxVendure,
        checkout: () => vendureCheckout(base, fxVendure),
        warmUp: () => vendureWarmUp(base, fxVendure),
        cartOps: (seconds) => vendureCartOps(base, fxVendure, seconds),
        mixed: () => vendureMixed(base, fxVendure, MIXED_LOAD),
      })
    }
    const identity = {
      ours: await assertIdentity(servers.ours.base, fxOurs.publishableKey, false),
    }
    if (withCore)
      identity["ours-core"] = await assertIdentity(
        servers["ours-core"].base,
        fxCore.publishableKey,
        false
      )
    if (withVanilla)
      identity.vanilla = await assertIdentity(servers.vanilla.base, fxVanilla.publishableKey, true)
    log(`[write path] identity checked: ${JSON.stringify(identity)}`)
    log(`[write path] ${ROUNDS} rounds × ${CHECKOUTS} guest checkouts each, interleaved`)
    const cpuBefore = Object.fromEntries(
      targets.map((t) => [t.id, processTreeCpuMs(servers[t.id].child.pid)])
    )
    const checkout = await checkoutsInterleaved(targets, { count: CHECKOUTS, rounds: ROUNDS })
    // Each server's CPU over the whole interleaved run (its background jobs included), per checkout.
    for (const t of targets) {
      const used = processTreeCpuMs(servers[t.id].child.pid) - cpuBefore[t.id]
      checkout[t.id].serverCpuMsPerCheckout = checkout[t.id].count
        ? Math.round(used / checkout[t.id].count)
        : null
    }
    for (const t of targets)
      log(`  ${t.id}: median ${checkout[t.id].total.p50} ms, rounds ${checkout[t.id].rounds}`)
    const cart = Object.fromEntries(targets.map((t) => [t.id, []]))
    const seconds = Math.max(2, Math.ceil(D / 2))
    for (let round = 0; round < ROUNDS; round++) {
      const k = round % targets.length
      for (const t of [...targets.slice(k), ...targets.slice(0, k)]) {
        log(`  cart loop round ${round + 1}: ${t.id}, ${seconds} s`)
        const pid = servers[t.id].child.pid
        const cpu0 = processTreeCpuMs(pid)
        const r = await t.cartOps(seconds)
        r.cpuMsPerRequest = r.requests
          ? Math.round(((processTreeCpuMs(pid) - cpu0) / r.requests) * 10) / 10
          : null
        r.cpuMsPerLoop = r.loops ? Math.round((processTreeCpuMs(pid) - cpu0) / r.loops) : null
        cart[t.id].push(r)
      }
    }
    const median = (xs) => {
      const s = [...xs].sort((a, b) => a - b)
      const m = s.length >> 1
      return s.length % 2 ? s[m] : Math.round(((s[m - 1] + s[m]) / 2) * 100) / 100
    }
    const cartSummary = Object.fromEntries(
      Object.entries(cart).map(([id, rounds]) => [
        id,
        {
          p50: median(rounds.map((r) => r.p50)),
          rps: median(rounds.map((r) => r.rps)),
          loopsPerSecond: median(rounds.map((r) => r.loopsPerSecond)),
          cpuMsPerRequest: median(rounds.map((r) => r.cpuMsPerRequest)),
          cpuMsPerLoop: median(rounds.map((r) => r.cpuMsPerLoop)),
          errors: rounds.reduce((s, r) => s + r.errors, 0),
          rounds: rounds.map(
            ({ rps, p50, p95, errors, loopsPerSecond, cpuMsPerRequest, cpuMsPerLoop }) => ({
              rps,
              p50,
              p95,
              errors,
              loopsPerSecond,
              cpuMsPerRequest,
              cpuMsPerLoop,
            })
          ),
        },
      ])
    )
    const result = { peers, identity, checkout, cart: cartSummary }
    if (PEER_MIXED) {
      // One round each, one server at a time (a mixed load saturates the machine).
      result.mixed = {}
      for (const t of targets) {
        log(`  mixed load: ${t.id}, ${MIXED_LOAD.users} users, ${MIXED_LOAD.seconds} s`)
        const pid = servers[t.id].child.pid
        const cpu0 = processTreeCpuMs(pid)
        const r = await t.mixed()
        r.cpuMsPerRequest = r.requests
          ? Math.round(((processTreeCpuMs(pid) - cpu0) / r.requests) * 10) / 10
          : null
        result.mixed[t.id] = r
      }
    }
    if (withVendure) {
      result.vendureMapping = Object.fromEntries(
        CHECKOUT_MAPPING.map(([ours, vendure]) => [ours, vendure ?? "(no call)"])
      )
    }
    return result
  } finally {
    for (const s of Object.values(servers)) await s.stop()
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
    "graphql list20 rps / REST list20 rps, ours (target >= 0.5)": ratio(
      get("ours", "graphql", "rps"),
      get("ours", "list20", "rps")
    ),
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

function printWritePath(wp, wpRatios) {
  const ids = Object.keys(wp.checkout)
  const c = ids.map((id) => wp.checkout[id])
  const cart = ids.map((id) => wp.cart[id])
  const all = (f, list = c) => list.map(f).join(" / ")
  const out = [
    `\n== write path, ${ids.join(" vs ")} (single process each, ${ROUNDS} rounds, interleaved)`,
    `guest checkout, median of ${all((x) => x.count)} (errors ${all((x) => x.errors)}): ` +
      `${all((x) => x.total.p50)} ms`,
    `  per round: ${all((x) => x.rounds.join(", "))} ms`,
    `  server CPU per checkout (user + system, background work included): ` +
      `${all((x) => x.serverCpuMsPerCheckout)} ms`,
    `  the write calls alone (${WRITE_STEPS.join(", ")}), median: ${all((x) => x.writes.p50)} ms`,
    `  spread (min–max): ${all((x) => `${x.spread.min}–${x.spread.max}`)} ms, p95 ${all((x) => x.total.p95)} ms`,
    `  steps (median ms, ${ids.join(" / ")}; * = write call${wp.vendureMapping ? "; vendure's call in brackets" : ""}):`,
    ...c[0].steps.map((s, i) => {
      const others = c.slice(1).map((x) => x.steps[i]?.p50 ?? "-")
      const v = wp.vendureMapping ? ` [${wp.vendureMapping[s.name] ?? "-"}]` : ""
      return `  ${WRITE_STEPS.includes(s.name) ? "*" : " "} ${s.name.padEnd(28)} ${[s.p50, ...others].join(" / ")}${v}`
    }),
    `cart loop, 10 shoppers: p50 ${all((x) => x.p50, cart)} ms, ${all((x) => x.rps, cart)} req/s, ` +
      `${all((x) => x.loopsPerSecond, cart)} loops/s, errors ${all((x) => x.errors, cart)}, ` +
      `server CPU ${all((x) => x.cpuMsPerRequest, cart)} ms per request, ${all((x) => x.cpuMsPerLoop, cart)} ms per loop`,
    ...(wp.mixed
      ? [
          `mixed load, ${MIXED_LOAD.users} users, ${MIXED_LOAD.seconds} s each: ` +
            `${all((x) => x.rps, Object.values(wp.mixed))} req/s, p50 ${all((x) => x.p50, Object.values(wp.mixed))} ms, ` +
            `p95 ${all((x) => x.p95, Object.values(wp.mixed))} ms, errors ${all((x) => x.errors, Object.values(wp.mixed))}, ` +
            `server CPU ${all((x) => x.cpuMsPerRequest, Object.values(wp.mixed))} ms per request`,
        ]
      : []),
    "ratios (write path):",
    ...Object.entries(wpRatios).map(([k, v]) => `  ${k}: ${v}`),
  ]
  process.stdout.write(out.join("\n") + "\n")
}

/** Ours / each peer on the write path (ours / vanilla keeps its target line). */
function writePathRatios(wp) {
  const c = wp.checkout
  const r = {}
  for (const peer of wp.peers) {
    // Issue 12: ours <= 1.03 x vanilla; issue 19: <= 0.5 x vanilla and <= 1.5 x Vendure, and
    // the mixed load >= 2 x what it was before the lean handlers (ours-core).
    const target =
      {
        vanilla: " (target <= 1.03, lean target <= 0.5)",
        vendure: " (target <= 1.5)",
      }[peer] ?? ""
    Object.assign(r, {
      [`checkout median ours / ${peer}${target}`]: ratio(c.ours?.total?.p50, c[peer]?.total?.p50),
      [`write calls median ours / ${peer}`]: ratio(c.ours?.writes?.p50, c[peer]?.writes?.p50),
      [`server CPU per checkout ours / ${peer}`]: ratio(
        c.ours?.serverCpuMsPerCheckout,
        c[peer]?.serverCpuMsPerCheckout
      ),
      [`cart loop p50 ours / ${peer}`]: ratio(wp.cart.ours.p50, wp.cart[peer].p50),
      [`cart loop rps ours / ${peer}`]: ratio(wp.cart.ours.rps, wp.cart[peer].rps),
      [`cart loop loops/s ours / ${peer}`]: ratio(
        wp.cart.ours.loopsPerSecond,
        wp.cart[peer].loopsPerSecond
      ),
      [`cart loop server CPU per request ours / ${peer}`]: ratio(
        wp.cart.ours.cpuMsPerRequest,
        wp.cart[peer].cpuMsPerRequest
      ),
      [`cart loop server CPU per loop ours / ${peer}`]: ratio(
        wp.cart.ours.cpuMsPerLoop,
        wp.cart[peer].cpuMsPerLoop
      ),
    })
    if (wp.mixed) {
      Object.assign(r, {
        [`mixed rps ours / ${peer}${peer === "ours-core" ? " (target >= 2)" : ""}`]: ratio(
          wp.mixed.ours.rps,
          wp.mixed[peer].rps
        ),
        [`mixed p95 ours / ${peer}`]: ratio(wp.mixed.ours.p95, wp.mixed[peer].p95),
        [`mixed server CPU per request ours / ${peer}`]: ratio(
          wp.mixed.ours.cpuMsPerRequest,
          wp.mixed[peer].cpuMsPerRequest
        ),
      })
    }
  }
  return r
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
  let writePath
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
    const peers = ["vanilla", "vendure", "ours-core"].filter((p) => SELECTED.includes(p))
    if (peers.length) {
      try {
        writePath = await measureWritePath(pg, fixtures.demo, logFile, peers)
      } catch (e) {
        log(`  write path comparison failed: ${e.message}`)
        writePath = { failed: e.message }
      }
    }
  } finally {
    await pg.stop()
  }

  // BENCH_COMMIT: for runs from a copy of the tree without .git.
  const commit =
    process.env.BENCH_COMMIT ||
    spawnSync("git", ["rev-parse", "--short", "HEAD"], {
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
    writePath,
    ratios: Object.fromEntries(Object.entries(results).map(([cat, res]) => [cat, ratios(res)])),
  }
  if (writePath && !writePath.failed) {
    report.ratios.writePath = writePathRatios(writePath)
    if (writePath.checkout.vendure) {
      // Per step, ours / Vendure (null where Vendure makes no call).
      report.ratios.writePathStepsOursVendure = Object.fromEntries(
        writePath.checkout.ours.steps.map((s, i) => [
          s.name,
          ratio(s.p50, writePath.checkout.vendure.steps[i]?.p50),
        ])
      )
    }
  }
  const jsonFile = path.join(resultsDir, `${stamp}.json`)
  fs.writeFileSync(jsonFile, JSON.stringify(report, null, 2) + "\n")

  const groups = []
  for (const [cat, res] of Object.entries(results)) {
    for (const scenario of [
      "list20",
      "graphql",
      "list1",
      "handle",
      "category",
      "search",
      "cart",
      "mixed",
    ]) {
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
    // BENCH_CONFIGS=vanilla (and/or vendure) alone runs only the write-path comparison.
    if (!Object.keys(res).length) continue
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
  if (writePath?.failed) process.stdout.write(`\n== write path: FAILED: ${writePath.failed}\n`)
  else if (writePath) printWritePath(writePath, report.ratios.writePath)
  process.stdout.write(
    `\nwrote ${path.relative(root, jsonFile)} and ${path.relative(root, jsonFile.replace(/json$/, "svg"))}\n`
  )
}

main().catch((err) => {
  process.stderr.write(`[bench] ${err.stack || err.message}\n`)
  process.exit(1)
})
