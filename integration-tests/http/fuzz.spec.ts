import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import http from "http"
import path from "path"
import { isCatalogPath } from "@commerce-api/plugin/lib/cache/index"
import { coreRoutes, ourRoutes, type Route } from "../contract/routes"
import { type Demo, findVariants, registerCustomer, seedForTests } from "../helpers/fixtures"

jest.setTimeout(1500 * 1000)

/**
 * Fuzz targets. To fuzz a new route, add an entry: `:cart`, `:line`, `:pc`,
 * `:order`, `:address` and `:product` in the path are replaced with real ids
 * (and, in some cases, with malformed ones); `body` is a valid-looking example
 * whose fields the fuzzer mutates; `auth` picks the identity sent.
 */
type Target = {
  method: "GET" | "POST" | "DELETE"
  path: string
  body?: Record<string, unknown>
  query?: Record<string, string>
  auth?: "store" | "customer" | "none" | "admin" | "metrics"
}

const address = { first_name: "A", city: "Amsterdam", country_code: "nl", postal_code: "1015" }

export const FUZZ_TARGETS: Target[] = [
  // Core cart routes
  {
    method: "POST",
    path: "/store/carts",
    body: {
      region_id: ":region",
      email: "a@b.co",
      items: [{ variant_id: ":variant", quantity: 1 }],
      metadata: { a: 1 },
      promo_codes: ["X"],
    },
  },
  { method: "GET", path: "/store/carts/:cart", query: { fields: "*items" } },
  {
    method: "POST",
    path: "/store/carts/:cart",
    body: {
      email: "a@b.co",
      shipping_address: address,
      billing_address: address,
      metadata: { a: 1 },
      region_id: ":region",
      promo_codes: ["X"],
    },
  },
  {
    method: "POST",
    path: "/store/carts/:cart/line-items",
    body: { variant_id: ":variant", quantity: 1, metadata: { a: 1 } },
  },
  {
    method: "POST",
    path: "/store/carts/:cart/line-items/:line",
    body: { quantity: 2, metadata: { a: 1 } },
  },
  { method: "DELETE", path: "/store/carts/:cart/line-items/:line" },
  { method: "POST", path: "/store/carts/:cart/promotions", body: { promo_codes: ["WELCOME10"] } },
  { method: "DELETE", path: "/store/carts/:cart/promotions", body: { promo_codes: ["WELCOME10"] } },
  {
    method: "POST",
    path: "/store/carts/:cart/shipping-methods",
    body: { option_id: "so_123", data: { a: 1 } },
  },
  { method: "POST", path: "/store/carts/:cart/taxes", body: {} },
  { method: "POST", path: "/store/carts/:cart/complete", body: {} },
  { method: "POST", path: "/store/carts/:cart/customer", body: {}, auth: "customer" },
  { method: "POST", path: "/store/payment-collections", body: { cart_id: ":cart" } },
  {
    method: "POST",
    path: "/store/payment-collections/:pc/payment-sessions",
    body: { provider_id: "pp_system_default", data: { a: 1 } },
  },
  { method: "GET", path: "/store/shipping-options", query: { cart_id: ":cart" } },
  // Core customer routes
  {
    method: "POST",
    path: "/store/customers",
    body: {
      email: "x@y.co",
      first_name: "A",
      last_name: "B",
      phone: "1",
      company_name: "C",
      metadata: { a: 1 },
    },
    auth: "customer",
  },
  { method: "GET", path: "/store/customers/me", query: { fields: "*addresses" }, auth: "customer" },
  {
    method: "POST",
    path: "/store/customers/me",
    body: { first_name: "A", last_name: "B", phone: "1", company_name: "C", metadata: { a: 1 } },
    auth: "customer",
  },
  {
    method: "GET",
    path: "/store/customers/me/addresses",
    query: { limit: "10", city: "x" },
    auth: "customer",
  },
  {
    method: "POST",
    path: "/store/customers/me/addresses",
    body: { ...address, is_default_shipping: true },
    auth: "customer",
  },
  {
    method: "POST",
    path: "/store/customers/me/addresses/:address",
    body: { ...address },
    auth: "customer",
  },
  { method: "DELETE", path: "/store/customers/me/addresses/:address", auth: "customer" },
  { method: "GET", path: "/store/orders/:order" },
  { method: "GET", path: "/store/orders", query: { limit: "10", offset: "0" }, auth: "customer" },
  {
    method: "GET",
    path: "/store/products",
    query: { limit: "10", offset: "0", q: "shirt", order: "title", fields: "*variants" },
  },
  { method: "GET", path: "/store/products/:product", query: { fields: "*variants" } },
  // Core auth routes
  {
    method: "POST",
    path: "/auth/customer/emailpass",
    body: { email: "a@b.co", password: "Correct-Horse-9" },
    auth: "none",
  },
  {
    method: "POST",
    path: "/auth/customer/emailpass/register",
    body: { email: "new@b.co", password: "Correct-Horse-9" },
    auth: "none",
  },
  {
    method: "POST",
    path: "/auth/customer/emailpass/reset-password",
    body: { identifier: "a@b.co" },
    auth: "none",
  },
  {
    method: "POST",
    path: "/auth/customer/emailpass/update",
    body: { password: "Correct-Horse-9" },
    auth: "none",
  },
  {
    method: "POST",
    path: "/auth/user/emailpass",
    body: { email: "a@b.co", password: "Correct-Horse-9" },
    auth: "none",
  },
  { method: "POST", path: "/auth/session", body: {}, auth: "none" },
  { method: "POST", path: "/auth/token/refresh", body: {}, auth: "none" },
  // Routes this project adds. Store "me" routes run as a logged-in customer and
  // /admin routes with an admin token, so the handlers behind auth are reached.
  // Reviews
  {
    method: "GET",
    path: "/store/products/:product/reviews",
    query: { limit: "10", offset: "0", sort: "newest" },
  },
  {
    method: "POST",
    path: "/store/products/:product/reviews",
    body: {
      rating: 4,
      title: "Nice shirt",
      body: "Fits well and washes fine.",
      additional_data: { source: "fuzz" },
    },
    auth: "customer",
  },
  { method: "GET", path: "/store/products/:product/reviews/me", auth: "customer" },
  { method: "GET", path: "/store/products/:product/reviews/summary" },
  { method: "GET", path: "/store/reviews/summaries", query: { product_id: ":product" } },
  { method: "POST", path: "/store/reviews/:review/helpful", body: {}, auth: "customer" },
  {
    method: "GET",
    path: "/admin/reviews",
    query: { limit: "10", status: "pending", rating: "4", order: "-created_at" },
    auth: "admin",
  },
  {
    method: "GET",
    path: "/admin/reviews/summaries",
    query: { product_id: ":product" },
    auth: "admin",
  },
  {
    method: "POST",
    path: "/admin/reviews/:review/approve",
    body: { additional_data: { note: "fuzz" } },
    auth: "admin",
  },
  {
    method: "POST",
    path: "/admin/reviews/:review/reject",
    body: {},
    auth: "admin",
  },
  {
    method: "POST",
    path: "/admin/reviews/batch",
    body: { action: "approve", ids: [":review"], additional_data: { note: "fuzz" } },
    auth: "admin",
  },
  { method: "DELETE", path: "/admin/reviews/:review", auth: "admin" },
  { method: "DELETE", path: "/store/products/:product/reviews/me", auth: "customer" },
  // Wishlist
  { method: "GET", path: "/store/customers/me/wishlist", auth: "customer" },
  {
    method: "POST",
    path: "/store/customers/me/wishlist/items",
    body: { variant_id: ":variant", additional_data: { priority: "high" } },
    auth: "customer",
  },
  {
    method: "POST",
    path: "/store/customers/me/wishlist/items/:wishlist_item/move-to-cart",
    body: { cart_id: ":cart", quantity: 1 },
    auth: "customer",
  },
  { method: "POST", path: "/store/customers/me/wishlist/share", body: {}, auth: "customer" },
  { method: "GET", path: "/store/wishlists/shared/:share_token" },
  { method: "DELETE", path: "/store/customers/me/wishlist/items/:wishlist_item", auth: "customer" },
  { method: "DELETE", path: "/store/customers/me/wishlist/share", auth: "customer" },
  { method: "GET", path: "/admin/customers/:customer/wishlist", auth: "admin" },
  // Security-auth and audit
  {
    method: "POST",
    path: "/store/customers/me/verify-email",
    body: { token: "0123456789abcdef", additional_data: { source: "fuzz" } },
    auth: "customer",
  },
  { method: "POST", path: "/store/customers/me/verify-email/resend", body: {}, auth: "customer" },
  { method: "GET", path: "/store/customers/me/verification", auth: "customer" },
  { method: "GET", path: "/admin/customers/:customer/verification", auth: "admin" },
  {
    method: "GET",
    path: "/admin/audit-logs",
    query: { limit: "10", offset: "0", kind: "auth", method: "POST", status: "401" },
    auth: "admin",
  },
  // Sign-in with an identity provider (a password customer's token is refused: 401)
  { method: "POST", path: "/store/sso/customer", body: {}, auth: "customer" },
  { method: "GET", path: "/store/sso/identities", auth: "customer" },
  { method: "POST", path: "/store/sso/identities", body: { token: "not-a-jwt" }, auth: "customer" },
  { method: "DELETE", path: "/store/sso/identities/emailpass", auth: "customer" },
  // Data rights (admin erasure is left out: a fuzzed `immediate: true` would erase the
  // fuzzing customer; data-rights.spec.ts covers its bad input)
  {
    method: "POST",
    path: "/store/customers/me/data-export",
    body: { password: "Correct-Horse-Battery-9" },
    auth: "customer",
  },
  { method: "GET", path: "/store/customers/me/erasure", auth: "customer" },
  { method: "POST", path: "/store/customers/me/erasure", body: {}, auth: "customer" },
  {
    method: "POST",
    path: "/store/customers/me/erasure/confirm",
    body: { token: "0123456789abcdef" },
    auth: "customer",
  },
  { method: "DELETE", path: "/store/customers/me/erasure", auth: "customer" },
  { method: "POST", path: "/admin/customers/:customer/data-export", body: {}, auth: "admin" },
  // Observability
  { method: "GET", path: "/metrics", auth: "metrics" },
  { method: "GET", path: "/metrics", auth: "none" },
  { method: "GET", path: "/ready", auth: "none" },
  // GraphQL: the fuzzer mutates the document, the variables and the operation name
  {
    method: "POST",
    path: "/graphql",
    body: {
      query: "query($r: ID) { products(first: 5, regionId: $r) { count nodes { id } } }",
      variables: { r: ":region" },
      operationName: null,
    },
  },
  {
    method: "POST",
    path: "/graphql",
    body: {
      query:
        "mutation($c: ID!, $v: ID!) { lineItemAdd(cartId: $c, variantId: $v, quantity: 1) { id } }",
      variables: { c: ":cart", v: ":variant" },
    },
  },
  { method: "GET", path: "/graphql", query: { query: "{ regions { id } }" } },
  // The customer's address and wishlist-share mutations (REST twins' workflows)
  {
    method: "POST",
    path: "/graphql",
    auth: "customer",
    body: {
      query:
        "mutation($i: CustomerAddressInput!) { customerAddressCreate(input: $i) { address { id } } }",
      variables: { i: { city: "Utrecht", countryCode: "nl" } },
    },
  },
  {
    method: "POST",
    path: "/graphql",
    auth: "customer",
    body: {
      query:
        "mutation($id: ID!, $i: CustomerAddressInput!) { customerAddressUpdate(id: $id, input: $i) { address { id } } customerAddressDelete(id: $id) { id } }",
      variables: { id: ":address", i: { city: "Utrecht" } },
    },
  },
  {
    method: "POST",
    path: "/graphql",
    auth: "customer",
    body: { query: "mutation { wishlistShare wishlistShareRevoke }" },
  },
]

/** Hostile GraphQL documents: each must be answered with errors, never a 5xx or a stack. */
const GRAPHQL_ATTACKS: (
  { query?: unknown; variables?: unknown; operationName?: string } | unknown[]
)[] = [
  {},
  [],
  [{ query: "{ regions { id } }" }, { query: "{ regions { id } }" }],
  { query: "{ products { nodes { id " },
  { query: "}}}}" },
  { query: "" },
  { query: 42 },
  { query: ["{ regions { id } }"] },
  { query: "{ regions { id } }", variables: "not-an-object" },
  { query: "query($f: Int) { products(first: $f) { count } }", variables: { f: "NaN" } },
  { query: "query($f: Int) { products(first: $f) { count } }", variables: { f: 1e300 } },
  { query: "query($f: Int) { products(first: $f, offset: -1) { count } }", variables: { f: -5 } },
  { query: "{ nope }" },
  { query: "{ products { nodes { nope } } }" },
  // No introspection case: outside production it is allowed (graphql-armor ignores it for
  // depth and cost); production-build.spec.ts checks that production refuses it.
  { query: `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: regions { id }`).join(" ")} }` },
  { query: `query { regions ${"@skip(if: false) ".repeat(200)} { id } }` },
  { query: "fragment A on Query { ...B } fragment B on Query { ...A } { ...A }" },
  { query: '{ cart(id: "cart_x\\u0000") { id } }' },
  { query: "mutation { login(email: 1, password: 2) { token } }" },
  { query: "subscription { regions { id } }" },
  { query: "query A { regions { id } } query B { regions { id } }" },
  { query: "query A { regions { id } }", operationName: "C" },
]

const ADDRESS_CREATE =
  "mutation($i: CustomerAddressInput!) { customerAddressCreate(input: $i) { address { id } } }"
const ADDRESS_UPDATE =
  "mutation($id: ID!, $i: CustomerAddressInput!) { customerAddressUpdate(id: $id, input: $i) { address { id } } }"
const ADDRESS_DELETE = "mutation($id: ID!) { customerAddressDelete(id: $id) { id } }"

/**
 * The address and wishlist-share mutations with bad ids and oversized or ill-typed input, sent
 * by a logged-in customer (`:address` is their real address): each must be answered with
 * errors, never a 5xx, and none may change the customer's addresses.
 */
const GRAPHQL_CUSTOMER_ATTACKS: { query: string; variables?: Record<string, unknown> }[] = [
  { query: ADDRESS_UPDATE, variables: { id: "a".repeat(2000), i: { city: "x" } } },
  { query: ADDRESS_UPDATE, variables: { id: "", i: { city: "x" } } },
  { query: ADDRESS_UPDATE, variables: { id: "' OR '1'='1", i: { city: "x" } } },
  { query: ADDRESS_UPDATE, variables: { id: 123, i: { city: "x" } } },
  { query: ADDRESS_UPDATE, variables: { id: { $ne: "" }, i: { city: "x" } } },
  { query: ADDRESS_UPDATE, variables: { id: ":address", i: { city: "x".repeat(256) } } },
  { query: ADDRESS_UPDATE, variables: { id: ":address", i: { phone: "1".repeat(50_000) } } },
  { query: ADDRESS_UPDATE, variables: { id: ":address", i: null } },
  { query: ADDRESS_UPDATE, variables: { id: ":address", i: { customerId: "cus_other" } } },
  { query: ADDRESS_UPDATE, variables: { id: ":address", i: { metadata: "not-an-object" } } },
  { query: ADDRESS_UPDATE, variables: { id: ":address", i: { city: ["a", "b"] } } },
  {
    query: `mutation { customerAddressUpdate(id: "cuaddr_x\\u0000", input: {}) { address { id } } }`,
  },
  {
    query: `mutation($id: ID!) { customerAddressUpdate(id: $id, input: { city: "a\\u0000b" }) { address { id } } }`,
    variables: { id: ":address" },
  },
  { query: ADDRESS_DELETE, variables: { id: "a".repeat(2000) } },
  { query: ADDRESS_DELETE, variables: { id: null } },
  { query: ADDRESS_DELETE, variables: { id: "cuaddr_01FUZZNOTEXISTING" } },
  { query: ADDRESS_CREATE, variables: { i: { address1: "x".repeat(90_000) } } },
  { query: ADDRESS_CREATE, variables: { i: { addressName: "n".repeat(256) } } },
  { query: ADDRESS_CREATE, variables: { i: { metadata: { blob: "m".repeat(10_000) } } } },
  { query: ADDRESS_CREATE, variables: { i: { isDefaultShipping: "yes" } } },
  { query: ADDRESS_CREATE, variables: { i: { nope: 1 } } },
  { query: ADDRESS_CREATE, variables: { i: { city: "x".repeat(2_000_000) } } },
  { query: "mutation { wishlistShare(token: 1) }" },
  { query: "mutation { wishlistShareRevoke { id } }" },
]

/**
 * Documents that look hostile but are harmless by the spec: identical selections merge into
 * one field that runs once (GraphQL spec, "Field Selection Merging"), and an odd handle is just
 * a string that matches no product. Each gets an ordinary, small answer.
 */
const GRAPHQL_HARMLESS: { query: string }[] = [
  { query: `{ ${"me { orders { items { id } } } ".repeat(50)} }` },
  { query: `{ products { nodes { ${"variants { options { value } } ".repeat(300)} } } }` },
  { query: `{ ${"products { nodes { categories { id } } } ".repeat(100)} }` },
  { query: `{ product(handle: "${"%00".repeat(1000)}") { id } }` },
]

const METRICS_TOKEN = "fuzz-metrics-token-0123456789"

/** Deterministic PRNG so a failure reproduces. */
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const NASTY_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  0.5,
  "",
  " ",
  "x".repeat(20000),
  "😀🔥\u202e\u0000\uffff",
  "\ud800",
  "' OR '1'='1",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "${jndi:ldap://x}",
  "2024-13-45",
  "NaN",
  [],
  [null],
  [1, "a", {}],
  {},
  { $gt: "" },
  { __proto__: { polluted: true } },
  { constructor: { prototype: { polluted: true } } },
  Array.from({ length: 500 }, (_, i) => i),
]

const BAD_RAW_BODIES = [
  "{",
  "[",
  "nul",
  '{"a":}',
  '{"a":1,}',
  "\u0000",
  "\ufeff{}",
  '"just a string"',
  "12345",
  "null",
  "[]",
  '{"__proto__":{"polluted":true}}',
  "{".repeat(5000),
  '{"quantity": 1e999}',
]

const BAD_IDS = [
  "x",
  "%00",
  "..%2F..%2F",
  "a".repeat(2000),
  "%F0%9F%98%80",
  "'%20OR%201=1",
  "null",
  "%7B%7D",
]

const BAD_QUERIES = [
  "limit=-1",
  "limit=abc",
  "limit=1e309",
  "offset=-5",
  "offset=abc",
  "fields=**",
  "fields=%00",
  "fields=" + "a.".repeat(200) + "b",
  "order=;drop%20table",
  "order=-" + "x".repeat(500),
  "limit[$gt]=1",
  "q[]=a&q[]=b",
  "id[$ne]=x",
  "created_at[$gt]=notadate",
  "expand=*",
  "region_id[]=%00",
]

/**
 * Hostile request targets (issue 12): malformed or non-UTF-8 percent-escapes,
 * NUL and oversized values. Every route refuses each of them with 400 before
 * it reaches auth, the cache or a handler, so any other answer is a failure.
 */
const HOSTILE_QUERIES = [
  "q=%",
  "fields=%zz",
  "handle=%C0%AF",
  "limit=%",
  "id=%E0%A4%A",
  "q=%ED%A0%80",
  "order=%FF",
  "%=1",
  "q=a%00b",
  `q=${"a".repeat(2100)}`,
  "p=1&".repeat(2100) + "p=1",
]
const HOSTILE_SEGMENTS = [
  "%",
  "%E0%A4%A",
  "%C0%AF",
  "%zz",
  "%ED%A0%80",
  "%FF",
  "a%00",
  "a".repeat(2100),
]

/** Syntactically broken JSON: every route that takes a body must answer 4xx. */
const BROKEN_JSON = new Set(["{", "[", "nul", '{"a":}', '{"a":1,}', "{".repeat(5000)])
/** Paging garbage: every list route (a target with `limit`) must answer 4xx. */
const BAD_PAGING = new Set(["limit=-1", "limit=abc", "offset=-5", "offset=abc"])

type Case = {
  target: Target
  method: string
  url: string
  data?: unknown
  raw?: boolean
  label: string
  /** `refused`: exactly 400 invalid_data; `4xx`: any 2xx/3xx is garbage accepted. */
  expect?: "refused" | "4xx"
}

const ROOT = path.resolve(__dirname, "../..")

type RawResponse = { status: number; headers: http.IncomingHttpHeaders; data: any }

/** Sends a request target byte for byte: no client-side URL parsing or re-encoding. */
function rawRequest(
  baseUrl: string,
  method: string,
  target: string,
  headers: Record<string, string> = {},
  body?: unknown
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl)
  const payload = body === undefined ? undefined : JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname,
        port,
        method,
        path: target,
        headers: payload
          ? {
              ...headers,
              "content-type": "application/json",
              "content-length": Buffer.byteLength(payload),
            }
          : headers,
      },
      (res) => {
        let text = ""
        res.setEncoding("utf8")
        res.on("data", (chunk) => (text += chunk))
        res.on("end", () => {
          let data: unknown = text
          try {
            data = JSON.parse(text)
          } catch {
            // not JSON: kept as text for the assertion message
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, data })
        })
      }
    )
    req.on("error", reject)
    req.end(payload)
  })
}

/** What every refused target must look like: 400, Medusa's error shape, our headers, no stack. */
function expectRefused(target: string, res: RawResponse, message = /./, decorated = true) {
  expect({ target, status: res.status, type: res.data?.type }).toEqual({
    target,
    status: 400,
    type: "invalid_data",
  })
  expect(res.data.message).toMatch(message)
  expect(JSON.stringify(res.data)).not.toMatch(/\n\s+at |node_modules/)
  expect(res.headers["x-cache"]).toBeUndefined()
  if (!decorated) return
  expect(res.headers["x-content-type-options"]).toBe("nosniff")
  expect(res.headers["x-request-id"]).toBeTruthy()
}

/** Every route of the route table (ours and Medusa's core), with placeholder ids. */
function routeTable(): Route[] {
  return [...ourRoutes(ROOT), ...coreRoutes(ROOT)].filter((r) =>
    ["GET", "POST", "DELETE"].includes(r.method)
  )
}

const authFor = (p: string): Target["auth"] =>
  p.startsWith("/store") ? "store" : p.startsWith("/admin") ? "admin" : "none"

/** One query-string and one path-segment mutation per route, kinds rotated over the table. */
function generateTargetCases(routes: Route[]): Case[] {
  const cases: Case[] = []
  routes.forEach((r, i) => {
    const target: Target = {
      method: r.method as Target["method"],
      path: r.path,
      auth: authFor(r.path),
    }
    const data = r.method === "GET" ? undefined : {}
    const concrete = r.path.replace(/\{[^}]+\}/g, "fuzz_id")
    const query = HOSTILE_QUERIES[i % HOSTILE_QUERIES.length]
    // Every other case hides the garbage behind a valid parameter.
    const q = i % 2 ? `limit=1&${query}` : query
    cases.push({
      target,
      method: r.method,
      url: `${concrete}?${q}`,
      data,
      label: `target query ${query.slice(0, 20)}`,
      expect: "refused",
    })
    const segment = HOSTILE_SEGMENTS[(i * 3) % HOSTILE_SEGMENTS.length]
    const params = r.path.match(/\{[^}]+\}/g) ?? []
    let n = 0
    const hostile = params.length
      ? r.path.replace(/\{[^}]+\}/g, () => (n++ === i % params.length ? segment : "fuzz_id"))
      : `${r.path}${segment}`
    cases.push({
      target,
      method: r.method,
      url: hostile,
      data,
      label: `target path ${segment.slice(0, 20)}`,
      expect: "refused",
    })
  })
  return cases
}

function generateCases(targets: Target[], ids: Record<string, string>, seed = 42): Case[] {
  const random = rng(seed)
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]
  const fill = (p: string) => p.replace(/:(\w+)/g, (_, k) => ids[k] ?? `${k}_missing`)
  const fillValue = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(fillValue)
      : typeof v === "string" && v.startsWith(":")
        ? (ids[v.slice(1)] ?? v)
        : v
  const realBody = (t: Target) =>
    t.body
      ? Object.fromEntries(Object.entries(t.body).map(([k, v]) => [k, fillValue(v)]))
      : undefined
  const qs = (t: Target) =>
    t.query
      ? "?" +
        Object.entries(t.query)
          .map(([k, v]) => `${k}=${encodeURIComponent(String(fillValue(v)))}`)
          .join("&")
      : ""
  const cases: Case[] = []
  for (const t of targets) {
    const url = fill(t.path)
    const hasBody = t.method !== "GET"
    // 1. each field replaced by hostile values: the worst three always, plus a
    // deterministic sample of the rest (keeps the run to a few minutes).
    const always = [null, NASTY_VALUES[10], NASTY_VALUES[11]]
    for (const key of Object.keys(t.body ?? {})) {
      const sample = NASTY_VALUES.filter((v) => !always.includes(v) && random() < 0.4)
      for (const value of [...always, ...sample]) {
        cases.push({
          target: t,
          method: t.method,
          url: url + qs(t),
          data: { ...realBody(t), [key]: value },
          label: `field ${key}`,
        })
      }
    }
    // 2. unknown/extra fields and nested junk
    if (hasBody) {
      for (let i = 0; i < 4; i++) {
        cases.push({
          target: t,
          method: t.method,
          url: url + qs(t),
          data: {
            ...realBody(t),
            [`extra_${i}`]: pick(NASTY_VALUES),
            nested: { deep: pick(NASTY_VALUES) },
          },
          label: "extra fields",
        })
      }
      // 3. malformed JSON and wrong top-level types
      for (const raw of BAD_RAW_BODIES) {
        cases.push({
          target: t,
          method: t.method,
          url: url + qs(t),
          data: raw,
          raw: true,
          label: "raw body",
          expect: BROKEN_JSON.has(raw) ? "4xx" : undefined,
        })
      }
    }
    // 4. malformed query strings (all of them on reads, a sample on writes)
    for (const q of t.method === "GET" ? BAD_QUERIES : BAD_QUERIES.filter(() => random() < 0.25)) {
      const sep = url.includes("?") ? "&" : "?"
      cases.push({
        target: t,
        method: t.method,
        url: `${url}${qs(t)}${qs(t) ? "&" : sep}${q}`,
        data: realBody(t),
        label: `query ${q.slice(0, 30)}`,
        expect: t.query?.limit && BAD_PAGING.has(q) ? "4xx" : undefined,
      })
    }
    // 5. malformed ids in the path
    if (/:\w+/.test(t.path)) {
      for (const bad of BAD_IDS) {
        cases.push({
          target: t,
          method: t.method,
          url: t.path.replace(/:(\w+)/g, () => bad) + qs(t),
          data: realBody(t),
          label: `bad id ${bad.slice(0, 20)}`,
        })
      }
    }
  }
  return cases
}

medusaIntegrationTestRunner({
  inApp: true,
  env: {
    RATE_LIMIT_STORE_POINTS: "100000000",
    RATE_LIMIT_AUTH_POINTS: "100000000",
    // Failed logins/registrations in the fuzz run must not lock anything out.
    AUTH_MAX_FAILURES_PER_ACCOUNT: "100000000",
    AUTH_MAX_FAILURES_PER_IP: "100000000",
    METRICS_TOKEN: METRICS_TOKEN,
  },
  testSuite: ({ api, getContainer }) => {
    let demo: Demo

    beforeAll(async () => {
      demo = await seedForTests(getContainer())
    })

    const baseUrl = () => String(api.defaults.baseURL)
    const send = (
      method: string,
      target: string,
      headers?: Record<string, string>,
      body?: unknown
    ) => rawRequest(baseUrl(), method, target, headers, body)

    // Keep this test first: it sends the process's first HTTP request, before the
    // guard has been chained to the front of Express (Express's own param decoding
    // then fails first, and the error handler must still answer 400).
    it("refuses a malformed path id with 400 even on the first request", async () => {
      const target = "/store/carts/%E0%A4%A"
      const res = await send("GET", target, demo.storeHeaders.headers)
      // No project middleware has run yet, so no security headers: only this once per process.
      expectRefused(target, res, /percent-encoded/, false)
    })

    it("refuses the malformed requests of issue 12 on every kind of route with 400", async () => {
      const store = demo.storeHeaders.headers
      const admin = demo.adminHeaders.headers
      const product = (await api.get("/store/products?limit=1", demo.storeHeaders)).data.products[0]
      const cases: Array<[string, string, Record<string, string>, RegExp]> = [
        // query parameters on the cached store routes
        ["GET", "/store/products?q=%", store, /"q" is not valid percent-encoded/],
        ["GET", "/store/products?fields=%zz", store, /"fields" is not valid/],
        ["GET", "/store/products?handle=%C0%AF", store, /"handle" is not valid/],
        ["GET", "/store/regions?limit=%", store, /"limit" is not valid/],
        ["GET", "/store/reviews/summaries?product_id=%E0%A4%A", store, /"product_id"/],
        ["GET", "/store/product-categories?q=%ED%A0%80", store, /"q"/],
        ["GET", "/store/collections?limit=1&handle=%FF", store, /"handle"/],
        ["GET", `/store/products/${product.id}?fields=%`, store, /"fields"/],
        ["GET", `/store/products/${product.id}/reviews/summary?x=%C0%AF`, store, /"x"/],
        ["GET", "/store/products?%=1", store, /parameter name/],
        // path ids on store routes
        ["GET", "/store/orders/%", store, /request path/],
        ["POST", "/store/carts/%C0%AF/line-items", store, /request path/],
        ["GET", "/store/wishlists/shared/%FF", store, /request path/],
        // before auth: no identity still gets 400, not 401
        ["GET", "/admin/products/%", {}, /request path/],
        ["GET", "/admin/orders?fields=%zz", admin, /"fields"/],
        ["POST", "/auth/customer/emailpass?x=%", {}, /"x"/],
        ["POST", "/hooks/payment/%E0%A4%A", {}, /request path/],
        ["GET", "/docs/assets/%", {}, /request path/],
        ["GET", "/openapi.json?x=%C0%AF", {}, /"x"/],
        ["GET", "/ready?x=%", {}, /"x"/],
        // NUL and size bounds (defaults: path 2 KiB, query 8 KiB, one value 2 KiB)
        ["GET", "/store/carts/a%00", store, /NUL/],
        ["GET", "/store/carts/" + "a".repeat(2100), store, /path is longer than 2048/],
        ["GET", "/store/products?q=" + "a".repeat(2049), store, /"q" is longer than 2048/],
        [
          "GET",
          "/store/products?" + "p=1&".repeat(2100),
          store,
          /query string is longer than 8192/,
        ],
      ]
      for (const [method, target, headers, message] of cases) {
        expectRefused(
          target,
          await send(method, target, headers, method === "GET" ? undefined : {}),
          message
        )
      }
      // Just inside the bounds is still served.
      const ok = await send("GET", `/store/products?limit=1&q=${"a".repeat(2048)}`, store)
      expect(ok.status).toBe(200)
    })

    it("the cache's early lane never answers a malformed query from the cache", async () => {
      const store = demo.storeHeaders.headers
      // Lenient decoders (URLSearchParams, which the cache key uses) read the overlong
      // %C0%AF as two U+FFFD: without the guard both URLs share one cache entry.
      const valid = "/store/products?limit=1&q=%EF%BF%BD%EF%BF%BD"
      expect((await send("GET", valid, store)).status).toBe(200)
      const hit = await send("GET", valid, store)
      expect([hit.status, hit.headers["x-cache"]]).toEqual([200, "HIT"])
      const target = "/store/products?limit=1&q=%C0%AF"
      expectRefused(target, await send("GET", target, store), /"q" is not valid/)
    })

    it("answers hostile GraphQL documents with errors, never a 5xx or a stack trace", async () => {
      const store = { ...demo.storeHeaders.headers, "content-type": "application/json" }
      const answered: string[] = []
      for (const attack of GRAPHQL_ATTACKS) {
        const res = await send("POST", "/graphql", store, attack)
        const label = JSON.stringify(attack).slice(0, 80)
        expect([label, res.status < 500]).toEqual([label, true])
        const body = JSON.stringify(res.data ?? "")
        expect(body).not.toMatch(/\n\s+at |node_modules/)
        // A refusal is either a 4xx or a GraphQL answer that carries errors.
        if (res.status < 400 && !res.data?.errors?.length) answered.push(label)
      }
      expect(answered).toEqual([])
      for (const doc of GRAPHQL_HARMLESS) {
        const res = await send("POST", "/graphql", store, doc)
        const label = doc.query.slice(0, 60)
        expect([label, res.status, res.data?.errors]).toEqual([label, 200, undefined])
        expect([label, JSON.stringify(res.data).length < 200_000]).toEqual([label, true])
      }
      const huge = await send("POST", "/graphql", store, {
        query: "query($v: String) { products(filter: { q: $v }) { count } }",
        variables: { v: "x".repeat(2_000_000) },
      })
      expect(huge.status).toBe(413)
    })

    it("answers hostile address and wishlist-share mutations with errors and changes nothing", async () => {
      const customer = await registerCustomer(api, demo.storeHeaders.headers)
      const headers = { ...customer.headers.headers, "content-type": "application/json" }
      await api.post("/store/customers/me/addresses", address, customer.headers)
      const list = async () =>
        (await api.get("/store/customers/me/addresses", customer.headers)).data.addresses
      const before = await list()
      expect(before).toHaveLength(1)
      const own = before[0].id as string
      const fill = (v: unknown): unknown =>
        v === ":address"
          ? own
          : v && typeof v === "object" && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]))
            : v
      const answered: string[] = []
      for (const attack of GRAPHQL_CUSTOMER_ATTACKS) {
        const res = await send("POST", "/graphql", headers, {
          query: attack.query,
          variables: fill(attack.variables ?? {}),
        })
        const label = `${attack.query.slice(0, 40)} ${JSON.stringify(attack.variables ?? {}).slice(0, 60)}`
        expect([label, res.status < 500]).toEqual([label, true])
        expect(JSON.stringify(res.data ?? "")).not.toMatch(/\n\s+at |node_modules/)
        const statuses = (res.data?.errors ?? []).map((e: any) => e.extensions?.status ?? 400)
        expect([label, statuses.filter((s: number) => s >= 500)]).toEqual([label, []])
        if (res.status < 400 && !res.data?.errors?.length) answered.push(label)
      }
      expect(answered).toEqual([])
      // Not a field of the address changed (updated_at included).
      expect(await list()).toEqual(before)
    })

    it("changes nothing when a write carries a hostile target", async () => {
      const store = demo.storeHeaders.headers
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const count = async (entity: string) =>
        (await query.graph({ entity, fields: ["id"] })).data.length
      const carts = await count("cart")
      const create = "/store/carts?fields=%zz"
      expectRefused(create, await send("POST", create, store, { region_id: demo.regions.eur }))
      expect(await count("cart")).toBe(carts)

      const variants = await findVariants(getContainer())
      const cart = (
        await api.post("/store/carts", { region_id: demo.regions.eur }, demo.storeHeaders)
      ).data.cart
      const add = `/store/carts/${cart.id}/line-items?x=%C0%AF`
      const item = { variant_id: variants.inStock[0].id, quantity: 1 }
      expectRefused(add, await send("POST", add, store, item))
      const after = await api.get(`/store/carts/${cart.id}`, demo.storeHeaders)
      expect(after.data.cart.items).toHaveLength(0)

      const regions = await count("region")
      const region = "/admin/regions?fields=%E0%A4%A"
      const body = { name: "Fuzzland", currency_code: "eur" }
      expectRefused(region, await send("POST", region, demo.adminHeaders.headers, body))
      expect(await count("region")).toBe(regions)
    })

    it("answers >= 1,000 malformed requests with 4xx only and stays healthy", async () => {
      const variants = await findVariants(getContainer())
      const store = demo.storeHeaders.headers
      const customer = await registerCustomer(api, store)
      const cart = (
        await api.post("/store/carts", { region_id: demo.regions.eur }, demo.storeHeaders)
      ).data.cart
      const withItem = await api.post(
        `/store/carts/${cart.id}/line-items`,
        { variant_id: variants.inStock[0].id, quantity: 1 },
        demo.storeHeaders
      )
      const pc = await api.post(
        "/store/payment-collections",
        { cart_id: cart.id },
        demo.storeHeaders
      )
      const addr = await api.post("/store/customers/me/addresses", address, customer.headers)
      const product = (await api.get("/store/products?limit=1", demo.storeHeaders)).data.products[0]
      // Real ids for our own routes, so fuzzed requests reach past "not found".
      const review = await api.post(
        `/store/products/${product.id}/reviews`,
        { rating: 5, title: "Great fit", body: "Soft fabric, true to size." },
        customer.headers
      )
      const wish = await api.post(
        "/store/customers/me/wishlist/items",
        { variant_id: variants.inStock[1].id },
        customer.headers
      )
      const share = await api.post("/store/customers/me/wishlist/share", {}, customer.headers)
      const me = await api.get("/store/customers/me", customer.headers)
      const ids: Record<string, string> = {
        cart: cart.id,
        line: withItem.data.cart.items[0].id,
        pc: pc.data.payment_collection.id,
        order: "order_01FUZZNOTEXISTING",
        address: addr.data.customer.addresses[0].id,
        product: product.id,
        region: demo.regions.eur,
        variant: variants.inStock[0].id,
        review: review.data.review.id,
        wishlist_item: wish.data.wishlist_item.id,
        share_token: share.data.share_token,
        customer: me.data.customer.id,
      }
      const headersFor = (t: Target): Record<string, string> => {
        switch (t.auth) {
          case "none":
            return {}
          case "customer":
            return customer.headers.headers
          case "admin":
            return demo.adminHeaders.headers
          case "metrics":
            return { authorization: `Bearer ${METRICS_TOKEN}` }
          default:
            return store
        }
      }

      // FUZZ_ONLY=<substring of a path> narrows the run while chasing one finding.
      const only = process.env.FUZZ_ONLY
      const targets = only ? FUZZ_TARGETS.filter((t) => t.path.includes(only)) : FUZZ_TARGETS
      const routes = routeTable().filter((r) => !only || r.path.includes(only))
      const cases = [...generateCases(targets, ids), ...generateTargetCases(routes)]
      // Warm the catalog cache so the early lane (ahead of Medusa's stack) is
      // live: hostile targets on cached routes must be refused there too.
      for (const r of routes.filter((r) => r.method === "GET" && isCatalogPath(r.path))) {
        const url = r.path.replace(/\{[^}]+\}/g, product.id)
        await api.get(url, { ...demo.storeHeaders, validateStatus: () => true })
      }
      // The contract checker (integration-tests/contract/setup.ts) validates documented
      // statuses for well-formed traffic; deliberate garbage (e.g. a broken JSON body on a
      // DELETE) legitimately gets undocumented 4xx. Detach it for the fuzz loop only; this
      // suite asserts its own invariants (no 5xx, no stack traces) on every answer.
      const interceptors = api.interceptors.response.handlers as unknown[]
      const contractHooks = interceptors.splice(0)
      if (!only) expect(cases.length).toBeGreaterThanOrEqual(1000)
      if (!only) expect(routes.length).toBeGreaterThan(400)
      const statuses: Record<string, number> = {}
      const serverErrors: string[] = []
      // A 2xx to garbage where the route validates its input, or a hostile
      // target not refused with 400 invalid_data, is a finding like a 5xx.
      const acceptedGarbage: string[] = []
      const notRefused: string[] = []
      const send = (c: Case) =>
        api.request({
          method: c.method,
          url: c.url,
          headers: { ...headersFor(c.target), "content-type": "application/json" },
          data: c.data,
          // Raw strings go on the wire exactly as written.
          transformRequest: c.raw ? [(d: unknown) => d] : undefined,
          validateStatus: () => true,
          maxRedirects: 0,
        })
      const dropped: string[] = []
      const spent = { target: 0, other: 0 }
      for (const c of cases) {
        const started = Date.now()
        let res
        try {
          res = await send(c)
        } catch (e: any) {
          // A dropped connection is a finding too: record which request caused it.
          const sent = typeof c.data === "string" ? c.data : JSON.stringify(c.data)
          dropped.push(
            `${c.method} ${c.url.slice(0, 120)} [${c.label}] ${String(sent).slice(0, 80)} -> ${e?.code ?? e}`
          )
          continue
        }
        spent[c.label.startsWith("target") ? "target" : "other"] += Date.now() - started
        const bucket = `${Math.floor(res.status / 100)}xx`
        statuses[bucket] = (statuses[bucket] ?? 0) + 1
        const status = res.status
        const line = () =>
          `${c.method} ${c.url.slice(0, 120)} [${c.label}] -> ${status} ${JSON.stringify(res.data).slice(0, 200)}`
        if (status >= 500) serverErrors.push(line())
        if (c.expect && status < 400) acceptedGarbage.push(line())
        else if (
          c.expect === "refused" &&
          (status !== 400 || res.data?.type !== "invalid_data" || !res.data?.message)
        ) {
          notRefused.push(line())
        }
        if (res.status >= 500 || res.status < 400) continue
        // 4xx answers are JSON with a message, never a stack trace.
        expect(JSON.stringify(res.data ?? "")).not.toMatch(/\n\s+at |node_modules/)
      }
      interceptors.push(...contractHooks)
      console.log(`fuzz: ${cases.length} requests`, statuses, dropped, spent)
      expect(serverErrors).toEqual([])
      expect(acceptedGarbage).toEqual([])
      expect(notRefused).toEqual([])
      expect(dropped).toEqual([])
      expect(statuses["5xx"] ?? 0).toBe(0)
      const health = await api.get("/health")
      expect(health.status).toBe(200)
      // The fuzzed cart still works; the fuzzer's own logged-in requests (e.g. the
      // transfer route) claimed it, so it now answers to that customer only.
      const after = await api.get(`/store/carts/${cart.id}`, customer.headers)
      expect(after.status).toBe(200)
    })
  },
})
