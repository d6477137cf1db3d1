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
const fs = require("fs")
const path = require("path")
const Redis = require("ioredis")
const { ensureBuild, postgres, prepareDatabase, startServer, log, root } = require("./lib/server")
const { cartOps, checkouts } = require("./lib/scenarios")
const { ensureVanillaBuild, prepareVanillaDatabase } = require("./lib/vanilla")

const COUNT = Number(process.env.PROFILE_CHECKOUTS || 20)
const PORT = Number(process.env.BENCH_PORT || 9200)
const REDIS_URL = process.env.BENCH_REDIS_URL || "redis://127.0.0.1:6379/5"
const EXTRA_ENV = JSON.parse(process.env.PROFILE_ENV || "{}")
const VANILLA = process.env.PROFILE_CONFIG === "vanilla"
const CART_LOOP = process.env.PROFILE_SCENARIO === "cart"
const SECONDS = Number(process.env.PROFILE_SECONDS || 20)
const profileDir = path.join(__dirname, "results", "profiles")

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
    const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)
    const pkg = m
      ? m[1]
      : url.includes("/.medusa/server/src/")
        ? "(our code)"
        : url.startsWith("node:") || !url
          ? callFrame.functionName.startsWith("(")
            ? callFrame.functionName
            : "(node internals)"
          : "(other)"
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
    try {
      await checkouts(server.base, fx, headers, 1)
      window[0] = now()
      result = CART_LOOP
        ? await cartOps(server.base, fx, headers, SECONDS)
        : await checkouts(server.base, fx, headers, COUNT)
      window[1] = now()
    } finally {
      await server.stop()
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
    log("by package (self time):\n" + s.packages.join("\n"))
    log("by function (self time):\n" + s.functions.join("\n"))
  } finally {
    await pg.stop()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
