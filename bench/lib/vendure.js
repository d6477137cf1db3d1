// The "vendure" peer: a Vendure 3.7.3 server (bench/vendure: its own
// package.json, installed on demand into bench/vendure/node_modules with
// `npm ci`), one process with its job queue in memory, its own database
// seeded with Vendure's sample data, and our guest checkout and cart loop
// mapped call by call onto its Shop GraphQL API (decision 0230).
const crypto = require("crypto")
const fs = require("fs")
const path = require("path")
const { spawn, spawnSync } = require("child_process")
const { Client } = require("pg")
const { ensureDatabase } = require("../../scripts/lib/postgres")
const { urlFor, stopChild, log } = require("./server")
const { request } = require("./http")
const { summarise } = require("./stats")
const { mixedLoad } = require("./scenarios")

const vendureDir = path.join(__dirname, "..", "vendure")
const SHOP = "/shop-api"
const PAYMENT_METHOD = "bench-payment"
const superadminPassword = crypto.randomBytes(16).toString("hex")

const pick = (list) => list[Math.floor(Math.random() * list.length)]

/** `npm ci` in bench/vendure when node_modules is missing or older than package-lock.json. */
function ensureVendureInstall() {
  const lock = path.join(vendureDir, "package-lock.json")
  const stamp = path.join(vendureDir, "node_modules", ".bench-lock-hash")
  const hash = crypto.createHash("sha256").update(fs.readFileSync(lock)).digest("hex")
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === hash) return vendureDir
  log("installing the Vendure peer (npm ci in bench/vendure)...")
  const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: vendureDir,
    stdio: ["ignore", "inherit", "inherit"],
  })
  if (r.status !== 0) throw new Error(`npm ci in bench/vendure failed (${r.status})`)
  fs.writeFileSync(stamp, hash)
  return vendureDir
}

function vendureEnv(databaseUrl, port) {
  return {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    COOKIE_SECRET: crypto.randomBytes(32).toString("hex"),
    SUPERADMIN_PASSWORD: superadminPassword,
    // Like MEDUSA_DISABLE_TELEMETRY for ours: no report to telemetry.vendure.io (nor .vendure/ id file).
    VENDURE_DISABLE_TELEMETRY: "true",
  }
}

/** Creates and seeds the Vendure database once; returns its fixture (slugs, variant ids). */
async function prepareVendureDatabase(pg, name, seedPort) {
  await ensureDatabase(pg.config, name)
  const databaseUrl = urlFor(pg.config, name)
  const client = new Client({ ...pg.config, database: name })
  await client.connect()
  try {
    let seeded = false
    try {
      const r = await client.query("SELECT 1 FROM payment_method WHERE code = $1", [PAYMENT_METHOD])
      const p = await client.query("SELECT count(*)::int AS n FROM product")
      seeded = r.rowCount > 0 && p.rows[0].n > 0
    } catch {
      seeded = false
    }
    if (!seeded) {
      log(`creating and seeding ${name} with Vendure's sample data (populate)...`)
      const r = spawnSync(process.execPath, [path.join(vendureDir, "seed.js")], {
        cwd: vendureDir,
        env: vendureEnv(databaseUrl, seedPort),
        stdio: ["ignore", "ignore", "inherit"],
      })
      if (r.status !== 0) throw new Error(`seeding ${name} failed (${r.status})`)
    }
    // Plenty of stock, so repeated runs never sell out (inventory tracking stays on).
    await client.query(`UPDATE stock_level SET "stockOnHand" = "stockAllocated" + 1000000`)
    await client.query("ANALYZE")
    const products = await client.query(
      `SELECT DISTINCT t.slug FROM product p JOIN product_translation t ON t."baseId" = p.id
        WHERE p."deletedAt" IS NULL AND p.enabled ORDER BY t.slug`
    )
    const variants = await client.query(
      `SELECT v.id FROM product_variant v WHERE v."deletedAt" IS NULL AND v.enabled ORDER BY v.id LIMIT 60`
    )
    const ids = await client.query(
      `SELECT id FROM product WHERE "deletedAt" IS NULL AND enabled ORDER BY id`
    )
    const collections = await client.query(
      `SELECT DISTINCT t.slug FROM collection c JOIN collection_translation t ON t."baseId" = c.id
        WHERE NOT c."isRoot" AND NOT c."isPrivate" ORDER BY t.slug`
    )
    return {
      databaseUrl,
      productIds: ids.rows.map((r) => String(r.id)),
      collections: collections.rows.map((r) => r.slug),
      products: products.rows.map((r) => ({ handle: r.slug })),
      variants: variants.rows.map((r) => String(r.id)),
    }
  } finally {
    await client.end()
  }
}

async function startVendure({ port, databaseUrl, logFile }) {
  const out = fs.openSync(logFile, "a")
  const child = spawn(process.execPath, [path.join(vendureDir, "server.js")], {
    cwd: vendureDir,
    env: vendureEnv(databaseUrl, port),
    stdio: ["ignore", out, out],
  })
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 240000
  for (;;) {
    if (child.exitCode !== null) throw new Error("the Vendure server exited during start-up")
    try {
      const res = await fetch(`${base}/health`)
      if (res.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL")
      throw new Error(`${base}/health did not answer in time`)
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  return { base, child, stop: () => stopChild(child) }
}

/** A Shop API session: remembers the bearer token Vendure hands out on the first write. */
function session(base, record) {
  let token
  return async function gql(query, variables) {
    const headers = token ? { authorization: `Bearer ${token}` } : {}
    const res = await request(base, "POST", SHOP, { headers, body: { query, variables } })
    const issued = res.headers?.["vendure-auth-token"]
    if (issued) token = issued
    if (record) record(res)
    return res
  }
}

const ORDER = `fragment O on Order { id code state active currencyCode totalQuantity
  subTotal subTotalWithTax shipping shippingWithTax total totalWithTax
  lines { id quantity unitPriceWithTax linePriceWithTax productVariant { id name sku } }
  customer { id emailAddress }
  shippingAddress { fullName streetLine1 city postalCode countryCode }
  billingAddress { fullName streetLine1 city postalCode countryCode }
  shippingLines { shippingMethod { id code name } priceWithTax }
  payments { id state method amount transactionId }
  taxSummary { taxRate taxBase taxTotal } }`

const Q = {
  product: `query($slug: String!) { product(slug: $slug) { id name slug description
    featuredAsset { preview } optionGroups { code name options { code name } }
    variants { id name sku price priceWithTax currencyCode stockLevel options { code name } } } }`,
  addItem: `mutation($v: ID!, $q: Int!) { addItemToOrder(productVariantId: $v, quantity: $q) {
    ...O ... on ErrorResult { errorCode message } } } ${ORDER}`,
  customerAndAddresses: `mutation($c: CreateCustomerInput!, $a: CreateAddressInput!) {
    c: setCustomerForOrder(input: $c) { ... on Order { id } ... on ErrorResult { errorCode message } }
    s: setOrderShippingAddress(input: $a) { ... on Order { id } ... on ErrorResult { errorCode message } }
    b: setOrderBillingAddress(input: $a) { ...O ... on ErrorResult { errorCode message } } } ${ORDER}`,
  shippingMethods: `query { eligibleShippingMethods { id code name price priceWithTax } }`,
  setShipping: `mutation($id: [ID!]!) { setOrderShippingMethod(shippingMethodId: $id) {
    ...O ... on ErrorResult { errorCode message } } } ${ORDER}`,
  arrangingPayment: `mutation { transitionOrderToState(state: "ArrangingPayment") {
    ...O ... on OrderStateTransitionError { errorCode message transitionError } } } ${ORDER}`,
  addPayment: `mutation($m: String!) { addPaymentToOrder(input: { method: $m, metadata: {} }) {
    ...O ... on ErrorResult { errorCode message } } } ${ORDER}`,
  orderByCode: `query($code: String!) { orderByCode(code: $code) { ...O } } ${ORDER}`,
  adjustLine: `mutation($id: ID!, $q: Int!) { adjustOrderLine(orderLineId: $id, quantity: $q) {
    ...O ... on ErrorResult { errorCode message } } } ${ORDER}`,
  activeOrder: `query { activeOrder { ...O } }`.concat(` ${ORDER}`),
  list: `query($take: Int!) { products(options: { take: $take }) { totalItems items { id name slug
    featuredAsset { preview } variants { id name sku price priceWithTax currencyCode stockLevel } } } }`,
  byId: `query($id: ID!) { product(id: $id) { id name slug description featuredAsset { preview }
    optionGroups { code name options { code name } }
    variants { id name sku price priceWithTax currencyCode stockLevel options { code name } } } }`,
  search: `query($input: SearchInput!) { search(input: $input) { totalItems items { productId
    productName slug productAsset { preview } currencyCode inStock
    priceWithTax { ... on PriceRange { min max } ... on SinglePrice { value } } } } }`,
}

// Words of Vendure's sample catalog (ours searches its own demo catalog's words).
const SEARCH_TERMS = ["laptop", "camera", "shoe", "plant", "chair", "lamp", "bike", "tent"]

/** The first GraphQL error or ErrorResult of a response, if any. */
function failureOf(res) {
  if (res.status >= 400 || res.status === 0) return `${res.status} ${res.error || ""}`
  if (res.json?.errors?.length) return res.json.errors[0].message
  for (const v of Object.values(res.json?.data || {})) if (v?.errorCode) return v.errorCode
  return null
}

/**
 * Which of our 10 checkout calls each Vendure call stands for (index by index;
 * null: Vendure has no call for it, the step is recorded as 0 ms).
 */
const CHECKOUT_MAPPING = [
  ["product by handle", "product(slug)"],
  ["create cart", null], // addItemToOrder creates the order
  ["add line item", "addItemToOrder"],
  [
    "set email and addresses",
    "setCustomerForOrder + setOrderShippingAddress + setOrderBillingAddress (one request)",
  ],
  ["list shipping options", "eligibleShippingMethods"],
  ["add shipping method", "setOrderShippingMethod"],
  ["create payment collection", "transitionOrderToState(ArrangingPayment)"],
  ["create payment session", null], // addPaymentToOrder creates the payment
  ["complete cart", "addPaymentToOrder (places the order)"],
  ["read order", "orderByCode"],
]

const address = {
  fullName: "Ada Lovelace",
  streetLine1: "Keizersgracht 1",
  city: "Amsterdam",
  countryCode: "NL",
  postalCode: "1015",
}

/** One guest checkout on Vendure's Shop API, steps named after ours. */
async function vendureCheckout(base, fx, record) {
  const gql = session(base, record)
  const steps = []
  const call = async (name, query, variables) => {
    const res = await gql(query, variables)
    steps.push({ name, ms: res.ms, status: res.status })
    const failed = failureOf(res)
    if (failed) throw new Error(`${name}: ${failed}`)
    return res.json.data
  }
  const none = (name) => steps.push({ name, ms: 0, status: 200, none: true })
  await call("product by handle", Q.product, { slug: pick(fx.products).handle })
  none("create cart")
  await call("add line item", Q.addItem, { v: pick(fx.variants), q: 1 })
  const tag = crypto.randomBytes(6).toString("hex")
  await call("set email and addresses", Q.customerAndAddresses, {
    c: { emailAddress: `bench-${tag}@example.com`, firstName: "Ada", lastName: "Lovelace" },
    a: address,
  })
  const { eligibleShippingMethods } = await call("list shipping options", Q.shippingMethods)
  const method =
    eligibleShippingMethods.find((m) => m.name.startsWith("Standard")) || eligibleShippingMethods[0]
  await call("add shipping method", Q.setShipping, { id: [method.id] })
  await call("create payment collection", Q.arrangingPayment)
  none("create payment session")
  const { addPaymentToOrder: order } = await call("complete cart", Q.addPayment, {
    m: PAYMENT_METHOD,
  })
  if (order.state !== "PaymentSettled") throw new Error(`complete cart: order ${order.state}`)
  await call("read order", Q.orderByCode, { code: order.code })
  return steps
}

/** Warm-up like ours: every product page twice. */
async function vendureWarmUp(base, fx) {
  const gql = session(base)
  for (let i = 0; i < 2; i++) for (const p of fx.products) await gql(Q.product, { slug: p.handle })
}

/**
 * The cart loop of 10 shoppers on Vendure: (create: none, the add creates the
 * order) add, update quantity, read — a new session per loop like ours' new cart.
 */
async function vendureCartOps(base, fx, seconds) {
  const latencies = []
  let errors = 0
  let loops = 0
  const deadline = Date.now() + seconds * 1000
  const started = Date.now()
  const note = (res) => {
    latencies.push(res.ms)
    if (failureOf(res)) errors++
    return res
  }
  async function shopper() {
    while (Date.now() < deadline) {
      const gql = session(base, note)
      const added = await gql(Q.addItem, { v: pick(fx.variants), q: 1 })
      const line = added.json?.data?.addItemToOrder?.lines?.[0]
      if (line) await gql(Q.adjustLine, { id: line.id, q: 2 })
      await gql(Q.activeOrder)
      loops++
    }
  }
  await Promise.all(Array.from({ length: 10 }, shopper))
  const elapsed = (Date.now() - started) / 1000
  return {
    users: 10,
    loops,
    loopsPerSecond: Math.round((loops / elapsed) * 10) / 10,
    ...summarise(latencies, { errors, seconds: elapsed }),
  }
}

/**
 * The mixed load on Vendure, as ours (scenarios.js mixed): `users` virtual users,
 * each with its own session and order, 80% browse (list of 20, product by slug,
 * collection listing and term search through search(), product by id) / 15% add
 * to the order / 5% checkout, 50–150 ms think time.
 */
async function vendureMixed(base, fx, load) {
  const browse = [
    [Q.list, () => ({ take: 20 })],
    [Q.product, () => ({ slug: pick(fx.products).handle })],
    [
      Q.search,
      () => ({ input: { collectionSlug: pick(fx.collections), take: 20, groupByProduct: true } }),
    ],
    [Q.search, () => ({ input: { term: pick(SEARCH_TERMS), take: 20, groupByProduct: true } })],
    [Q.byId, () => ({ id: pick(fx.productIds) })],
  ]
  return mixedLoad(
    load,
    (record) => {
      const gql = session(base, record)
      return {
        browse: () => {
          const [query, vars] = pick(browse)
          return gql(query, vars())
        },
        cart: () => gql(Q.addItem, { v: pick(fx.variants), q: 1 }),
        // A failed call was counted by record().
        checkout: () => vendureCheckout(base, fx, record).catch(() => {}),
      }
    },
    failureOf
  )
}

module.exports = {
  vendureMixed,
  CHECKOUT_MAPPING,
  ensureVendureInstall,
  prepareVendureDatabase,
  startVendure,
  vendureCheckout,
  vendureWarmUp,
  vendureCartOps,
}
