#!/usr/bin/env node
// `node bench/queries.js`: how many Postgres queries each store call of a guest checkout
// sends. Starts the bench server (configuration "ours", or QUERIES_CONFIG=vanilla) with
// bench/lib/pg-count.js preloaded, runs 2 warm-up and QUERIES_CHECKOUTS (5) measured
// checkouts (bench/lib/scenarios.js checkout(), then a second complete of the same cart),
// and prints per step the median query count and summed query time. The queries of the
// last checkout's steps go to bench/results/queries/<config>-<step>.sql. Wrap it in
// `flock /tmp/bench.lock` like the other bench commands. Times are inflated by the
// preload's synchronous log writes: use `npm run bench` for latency.
const fs = require("fs")
const path = require("path")
const Redis = require("ioredis")
const { ensureBuild, postgres, prepareDatabase, startServer, log } = require("./lib/server")
const { checkout } = require("./lib/scenarios")
const { ensureVanillaBuild, prepareVanillaDatabase } = require("./lib/vanilla")
const { request } = require("./lib/http")

const VANILLA = process.env.QUERIES_CONFIG === "vanilla"
const COUNT = Number(process.env.QUERIES_CHECKOUTS || 5)
const PORT = Number(process.env.BENCH_PORT || 9200)
const REDIS_URL =
  (VANILLA ? process.env.BENCH_VANILLA_REDIS_URL : process.env.BENCH_REDIS_URL) ||
  `redis://127.0.0.1:6379/${VANILLA ? 6 : 5}`
const outDir = path.join(__dirname, "results", "queries")
const config = VANILLA ? "vanilla" : "ours"
const now = () => Number(process.hrtime.bigint() / 1000n)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** One checkout with each step's [t0, t1] window, plus a second complete of the same cart. */
async function timedCheckout(base, fx, headers) {
  const steps = []
  let t0 = now()
  let cartId
  await checkout(base, fx, headers, (res) => {
    const t1 = now()
    steps.push({ t0, t1 })
    t0 = t1
    cartId = cartId || res.json?.cart?.id
  })
  const names = ["product by handle", "create cart", "add line item", "set email and addresses"]
  names.push("list shipping options", "add shipping method", "create payment collection")
  names.push("create payment session", "complete cart", "read order")
  steps.forEach((s, i) => (s.name = names[i]))
  const again = now()
  await request(base, "POST", `/store/carts/${cartId}/complete`, { headers, body: {} })
  steps.push({ name: "complete cart again", t0: again, t1: now() })
  return steps
}

async function main() {
  if (!VANILLA) ensureBuild()
  const pg = await postgres()
  const file = path.join(outDir, `${config}.jsonl`)
  fs.mkdirSync(outDir, { recursive: true })
  fs.rmSync(file, { force: true })
  const runs = []
  try {
    const fx = VANILLA
      ? (ensureVanillaBuild(), await prepareVanillaDatabase(pg, "bench_vanilla"))
      : await prepareDatabase(pg, "bench_perf", 0)
    const redis = new Redis(REDIS_URL)
    await redis.flushdb()
    redis.disconnect()
    const server = await startServer({
      port: PORT,
      databaseUrl: fx.databaseUrl,
      env: {
        REDIS_URL,
        ...(VANILLA ? {} : { CATALOG_CACHE: "on" }),
        PG_COUNT_FILE: file,
        NODE_OPTIONS: `--require ${path.join(__dirname, "lib", "pg-count.js")}`,
      },
      ...(VANILLA ? { cwd: ensureVanillaBuild() } : {}),
      logFile: path.join(outDir, "server.log"),
    })
    const headers = { "x-publishable-api-key": fx.publishableKey }
    try {
      for (let i = 0; i < 2; i++) await timedCheckout(server.base, fx, headers)
      for (let i = 0; i < COUNT; i++) runs.push(await timedCheckout(server.base, fx, headers))
    } finally {
      await server.stop()
    }
  } finally {
    await pg.stop()
  }
  const queries = fs
    .readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l))
  const inside = (s) => queries.filter((q) => q.t >= s.t0 && q.t <= s.t1)
  log(`${config}: ${runs.length} checkouts; per step: median queries, median summed query ms`)
  runs[0].forEach((step, i) => {
    const counts = runs.map((r) => inside(r[i]).length)
    const sql = runs.map((r) => inside(r[i]).reduce((sum, q) => sum + q.d, 0) / 1000)
    log(
      `  ${step.name.padEnd(28)} ${String(median(counts)).padStart(4)}  ${median(sql).toFixed(1)}`
    )
    const last = runs[runs.length - 1][i]
    const text = inside(last)
      .map(
        (q) =>
          `-- +${((q.t - last.t0) / 1000).toFixed(1)} ms, ${(q.d / 1000).toFixed(2)} ms\n${q.q}`
      )
      .join("\n")
    fs.writeFileSync(
      path.join(outDir, `${config}-${step.name.replace(/ /g, "-")}.sql`),
      text + "\n"
    )
  })
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
