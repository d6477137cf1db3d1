// The measured scenarios: autocannon for the read paths, a virtual-user
// driver (keep-alive http) for carts, checkout and the mixed load.
const autocannon = require("autocannon")
const { request } = require("./http")
const { summarise } = require("./stats")

const PRICED = "fields=*variants.calculated_price"
const SEARCH_TERMS = ["shirt", "mug", "bag", "sock", "cap", "lamp", "tea", "blue"]

const address = {
  first_name: "Ada",
  last_name: "Lovelace",
  address_1: "Keizersgracht 1",
  city: "Amsterdam",
  country_code: "nl",
  postal_code: "1015",
}

const pick = (list) => list[Math.floor(Math.random() * list.length)]
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

function catalogUrls(fx) {
  const region = fx.regions.eur
  return {
    list: `/store/products?limit=20&region_id=${region}&${PRICED}`,
    handle: () =>
      `/store/products?handle=${pick(fx.products).handle}&region_id=${region}&${PRICED}`,
    category: () =>
      `/store/products?limit=20&category_id[]=${pick(fx.categories)}&region_id=${region}&${PRICED}`,
    search: () => `/store/products?limit=20&q=${pick(SEARCH_TERMS)}&region_id=${region}&${PRICED}`,
    byId: () => `/store/products/${pick(fx.products).id}?region_id=${region}&${PRICED}`,
  }
}

/**
 * The REST list20 page through /graphql: 20 products of the EUR region with their
 * variants, prices and options, plus review summaries and stock flags (which REST's
 * list does not even return), in one POST.
 */
function graphqlList20Body(fx) {
  return JSON.stringify({
    query: `query($r: ID) { products(first: 20, regionId: $r) { count nodes { id title handle thumbnail
      options { title values } variants { id title sku price { amount currencyCode } inStock
      options { option value } } reviewSummary { average count } } } }`,
    variables: { r: fx.regions.eur },
  })
}

/** autocannon against one URL (or a URL generator) with our own p95. */
async function cannon(base, headers, { path, connections, seconds, method = "GET", body }) {
  const latencies = []
  const instance = autocannon({
    url: base,
    connections,
    duration: seconds,
    headers: body ? { ...headers, "content-type": "application/json" } : headers,
    requests: [
      {
        method,
        ...(body ? { body } : {}),
        setupRequest: (req) => ({ ...req, path: typeof path === "function" ? path() : path }),
      },
    ],
  })
  instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime))
  const result = await instance
  const errors = result.errors + result.timeouts + result.non2xx
  return {
    connections,
    ...summarise(latencies, { errors, seconds: result.duration, requests: result.requests.total }),
  }
}

/** The product page a checkout starts from. */
const productPage = (fx, product) =>
  `/store/products?handle=${product.handle}&region_id=${fx.regions.eur}&${PRICED}`

/** The store calls of a checkout that write (all but the product page and the two reads). */
const WRITE_STEPS = [
  "create cart",
  "add line item",
  "set email and addresses",
  "add shipping method",
  "create payment collection",
  "create payment session",
  "complete cart",
]

/** One guest checkout as a storefront does it: 10 sequential store calls, each timed. */
async function checkout(base, fx, headers, record) {
  const steps = []
  const call = async (name, method, path, body) => {
    const from = process.hrtime.bigint()
    const res = await request(base, method, path, { headers, body })
    steps.push({ name, ms: res.ms, status: res.status })
    // The step's span on the monotonic clock (µs), which V8's CPU profiles share.
    if (record)
      record(res, { name, from: Number(from / 1000n), to: Number(process.hrtime.bigint() / 1000n) })
    if (res.status >= 400 || res.status === 0) {
      throw new Error(
        `${name}: ${res.status} ${res.error || JSON.stringify(res.json).slice(0, 200)}`
      )
    }
    return res.json
  }
  await call("product by handle", "GET", productPage(fx, pick(fx.products)))
  const { cart } = await call("create cart", "POST", "/store/carts", { region_id: fx.regions.eur })
  await call("add line item", "POST", `/store/carts/${cart.id}/line-items`, {
    variant_id: pick(fx.variants),
    quantity: 1,
  })
  await call("set email and addresses", "POST", `/store/carts/${cart.id}`, {
    email: `bench-${cart.id}@example.com`,
    shipping_address: address,
    billing_address: address,
  })
  const { shipping_options } = await call(
    "list shipping options",
    "GET",
    `/store/shipping-options?cart_id=${cart.id}`
  )
  const option = shipping_options.find((o) => o.name.startsWith("Standard")) || shipping_options[0]
  await call("add shipping method", "POST", `/store/carts/${cart.id}/shipping-methods`, {
    option_id: option.id,
  })
  const { payment_collection } = await call(
    "create payment collection",
    "POST",
    "/store/payment-collections",
    {
      cart_id: cart.id,
    }
  )
  await call(
    "create payment session",
    "POST",
    `/store/payment-collections/${payment_collection.id}/payment-sessions`,
    { provider_id: "pp_system_default" }
  )
  const done = await call("complete cart", "POST", `/store/carts/${cart.id}/complete`, {})
  if (done.type !== "order") throw new Error(`complete cart: ${JSON.stringify(done).slice(0, 200)}`)
  await call("read order", "GET", `/store/orders/${done.order.id}`)
  return steps
}

/** Sequential checkouts (one buyer at a time): total and per-step times. */
async function checkouts(base, fx, headers, count) {
  // Warm-up, not measured (a failure here shows up in the measured runs).
  await checkout(base, fx, headers).catch(() => {})
  const runs = []
  let errors = 0
  for (let i = 0; i < count; i++) {
    try {
      runs.push(await checkout(base, fx, headers))
    } catch (e) {
      errors++
      process.stdout.write(`[bench] checkout failed: ${e.message}\n`)
    }
  }
  const totals = runs.map((steps) => steps.reduce((s, x) => s + x.ms, 0))
  const names = runs[0] ? runs[0].map((s) => s.name) : []
  const median = (xs) => summarise(xs).p50
  return {
    count: runs.length,
    errors,
    total: summarise(totals),
    steps: names.map((name, i) => ({ name, p50: median(runs.map((r) => r[i].ms)) })),
  }
}

/**
 * Sequential checkouts against several servers at once, interleaved one by one
 * (AB BA AB …, with three servers ABC BCA CAB …) so that the noise of a shared
 * machine falls on every server alike. `targets`: [{ id, base, fx }], where a
 * server that is not Medusa brings its own `checkout()` (steps named after
 * ours, index by index) and `warmUp()`.
 */
async function checkoutsInterleaved(targets, { count, rounds }) {
  const runs = Object.fromEntries(targets.map((t) => [t.id, []]))
  const errors = Object.fromEntries(targets.map((t) => [t.id, 0]))
  const headersOf = (t) => ({ "x-publishable-api-key": t.fx.publishableKey })
  const run = (t) => (t.checkout ? t.checkout() : checkout(t.base, t.fx, headersOf(t)))
  // Warm-up, not measured, the same for every server: each product page a
  // checkout may open (the first step picks one at random; a first request
  // of a page costs either server a cold query plan and JIT), then one checkout.
  for (const t of targets) {
    if (t.warmUp) await t.warmUp()
    else {
      for (let i = 0; i < 2; i++) {
        for (const p of t.fx.products) {
          await request(t.base, "GET", productPage(t.fx, p), { headers: headersOf(t) })
        }
      }
    }
    await run(t).catch(() => {})
  }
  const rotate = (list, k) => [...list.slice(k % list.length), ...list.slice(0, k % list.length)]
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < count; i++) {
      const order = rotate(targets, round + i)
      for (const t of order) {
        try {
          runs[t.id].push({ round, steps: await run(t) })
        } catch (e) {
          errors[t.id]++
          process.stdout.write(`[bench] ${t.id} checkout failed: ${e.message}\n`)
        }
      }
    }
  }
  const median = (xs) => summarise(xs).p50
  const total = (steps) => Math.round(steps.reduce((s, x) => s + x.ms, 0) * 100) / 100
  const writes = (steps) => total(steps.filter((s) => WRITE_STEPS.includes(s.name)))
  return Object.fromEntries(
    targets.map((t) => {
      const mine = runs[t.id]
      const totals = mine.map((r) => total(r.steps))
      const names = mine[0] ? mine[0].steps.map((s) => s.name) : []
      const sorted = [...totals].sort((a, b) => a - b)
      return [
        t.id,
        {
          count: mine.length,
          errors: errors[t.id],
          total: summarise(totals),
          // The write calls alone: what our ownership checks, hooks and limits sit on.
          writes: summarise(mine.map((r) => writes(r.steps))),
          spread: { min: sorted[0] ?? null, max: sorted[sorted.length - 1] ?? null },
          rounds: Array.from({ length: rounds }, (_, r) =>
            median(mine.filter((x) => x.round === r).map((x) => total(x.steps)))
          ),
          steps: names.map((name, i) => ({
            name,
            p50: median(mine.map((r) => r.steps[i].ms)),
          })),
        },
      ]
    })
  )
}

/** Cart operations by 10 concurrent shoppers: create, add, update quantity, read. */
async function cartOps(base, fx, headers, seconds) {
  const latencies = []
  let errors = 0
  let loops = 0
  const deadline = Date.now() + seconds * 1000
  const started = Date.now()
  const note = (res) => {
    latencies.push(res.ms)
    if (res.status >= 400 || res.status === 0) errors++
    return res
  }
  async function shopper() {
    while (Date.now() < deadline) {
      const created = note(
        await request(base, "POST", "/store/carts", {
          headers,
          body: { region_id: fx.regions.eur },
        })
      )
      const id = created.json?.cart?.id
      if (!id) continue
      const added = note(
        await request(base, "POST", `/store/carts/${id}/line-items`, {
          headers,
          body: { variant_id: pick(fx.variants), quantity: 1 },
        })
      )
      const item = added.json?.cart?.items?.[0]
      if (item) {
        note(
          await request(base, "POST", `/store/carts/${id}/line-items/${item.id}`, {
            headers,
            body: { quantity: 2 },
          })
        )
      }
      note(await request(base, "GET", `/store/carts/${id}`, { headers }))
      loops++
    }
  }
  await Promise.all(Array.from({ length: 10 }, shopper))
  const elapsed = (Date.now() - started) / 1000
  // Loops (one cart each) per second: comparable with a peer that needs fewer calls per loop.
  return {
    users: 10,
    loops,
    loopsPerSecond: Math.round((loops / elapsed) * 10) / 10,
    ...summarise(latencies, { errors, seconds: elapsed }),
  }
}

/** A failed answer's label ("<status> <error>"), or null. */
const failureLabel = (res) =>
  res.status >= 400 || res.status === 0 ? `${res.status} ${res.error || ""}`.trim() : null

const think = () => sleep(50 + Math.random() * 100)

/**
 * The mixed-load driver every system shares: `users` virtual users for `seconds`, each
 * browsing 80%, adding to its cart 15% and checking out 5% of its actions, with 50–150 ms
 * of think time. `userActions(record)` gives one user's { browse, cart, checkout }, each
 * passing its answers to `record`; `failureOf(res)` labels a failed answer (null if none).
 */
async function mixedLoad({ users, seconds }, userActions, failureOf = failureLabel) {
  const latencies = []
  const failures = {}
  let errors = 0
  const mix = { browse: 0, cart: 0, checkout: 0 }
  const deadline = Date.now() + seconds * 1000
  const started = Date.now()
  const record = (res) => {
    latencies.push(res.ms)
    const failed = failureOf(res)
    if (failed) {
      errors++
      failures[failed] = (failures[failed] || 0) + 1
    }
    return res
  }
  async function user() {
    const act = userActions(record)
    while (Date.now() < deadline) {
      const r = Math.random()
      const kind = r < 0.8 ? "browse" : r < 0.95 ? "cart" : "checkout"
      mix[kind]++
      await act[kind]()
      await think()
    }
  }
  await Promise.all(Array.from({ length: users }, user))
  return {
    users,
    mix,
    ...summarise(latencies, { errors, seconds: (Date.now() - started) / 1000 }),
    failures,
  }
}

/** The mixed load on a Medusa server: its catalog pages, a cart per user, guest checkouts. */
async function mixed(base, fx, headers, load) {
  const urls = catalogUrls(fx)
  const browse = [() => urls.list, urls.handle, urls.category, urls.search, urls.byId]
  return mixedLoad(load, (record) => {
    let cartId
    return {
      browse: async () => record(await request(base, "GET", pick(browse)(), { headers })),
      cart: async () => {
        if (!cartId) {
          const res = record(
            await request(base, "POST", "/store/carts", {
              headers,
              body: { region_id: fx.regions.eur },
            })
          )
          cartId = res.json?.cart?.id
          await think()
        }
        if (cartId) {
          record(
            await request(base, "POST", `/store/carts/${cartId}/line-items`, {
              headers,
              body: { variant_id: pick(fx.variants), quantity: 1 },
            })
          )
        }
      },
      // A failed call was counted by record().
      checkout: () => checkout(base, fx, headers, record).catch(() => {}),
    }
  })
}

module.exports = {
  WRITE_STEPS,
  mixedLoad,
  catalogUrls,
  graphqlList20Body,
  cannon,
  checkout,
  checkouts,
  checkoutsInterleaved,
  cartOps,
  mixed,
}
