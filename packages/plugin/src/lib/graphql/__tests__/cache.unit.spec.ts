import { graphqlCachePlan } from "../cache"
import type { MaybeAuthenticatedRequest } from "../../http"

const KEY = "pk_test"

function request(
  body: Record<string, unknown>,
  extra: { headers?: Record<string, string>; method?: string; actor?: string } = {}
): MaybeAuthenticatedRequest {
  const method = extra.method ?? "POST"
  return {
    method,
    originalUrl: "/graphql",
    headers: { "x-publishable-api-key": KEY, accept: "application/json", ...extra.headers },
    body: method === "POST" ? body : undefined,
    query: method === "GET" ? body : {},
    auth_context: extra.actor ? { actor_id: extra.actor, actor_type: "customer" } : undefined,
  } as unknown as MaybeAuthenticatedRequest
}

const plan = (query: string, extra: Parameters<typeof request>[1] = {}, more = {}) =>
  graphqlCachePlan(request({ query, ...more }, extra))

const keyOf = (query: string, extra: Parameters<typeof request>[1] = {}, more = {}) => {
  const p = plan(query, extra, more)
  if (p.kind !== "cache") throw new Error(`not cacheable: ${query}`)
  return p.key
}

describe("graphqlCachePlan", () => {
  it("caches anonymous queries of catalog root fields, through fragments", () => {
    for (const q of [
      "{ products { count } }",
      "query P($h: String!) { product(handle: $h) { id } regions { id } }",
      "{ categories { id } collections { id } __typename }",
      "query { ...Root } fragment Root on Query { products { count } }",
      "{ ... on Query { regions { id } } }",
    ]) {
      expect([q, plan(q).kind]).toEqual([q, "cache"])
    }
  })

  it("never caches mutations, non-catalog root fields, bad documents or unknown operations", () => {
    for (const q of [
      'mutation { cartCreate(input: { regionId: "r" }) { id } }',
      "{ products { count } me { id } }",
      '{ regions { id } cart(id: "c") { id } }',
      '{ regions { id } order(id: "o") { id } }',
      "{ wishlist { id } }",
      '{ reviews(productId: "p") { count } }',
      "{ __schema { types { name } } }",
      "query { ...Root } fragment Root on Query { me { id } }",
      "query { ...Missing }",
      "{ products { count }",
      "query A { regions { id } } query B { regions { id } }",
      "subscription { regions { id } }",
    ]) {
      expect([q, plan(q).kind]).toEqual([q, "none"])
    }
    // The selected operation decides.
    const two = "query A { regions { id } } query B { me { id } }"
    expect(plan(two, {}, { operationName: "A" }).kind).toBe("cache")
    expect(plan(two, {}, { operationName: "B" }).kind).toBe("none")
    expect(plan(two, {}, { operationName: 7 }).kind).toBe("none")
  })

  it("bypasses customers: a bearer token, a session cookie or an authenticated actor", () => {
    const q = "{ products { count } }"
    expect(plan(q, { headers: { authorization: "Bearer t" } }).kind).toBe("bypass")
    expect(plan(q, { headers: { cookie: "connect.sid=s%3Aabc" } }).kind).toBe("bypass")
    expect(plan(q, { actor: "cus_1" }).kind).toBe("bypass")
    expect(plan(q, { headers: { cookie: "theme=dark" } }).kind).toBe("cache")
  })

  it("keys by document, variables, operation name, publishable key, locale and Accept", () => {
    const q = "query P($r: ID) { products(regionId: $r) { count } }"
    const base = keyOf(q, {}, { variables: { r: "reg_1" } })
    expect(keyOf(q, {}, { variables: { r: "reg_1" } })).toBe(base)
    const others = [
      keyOf(q, {}, { variables: { r: "reg_2" } }),
      keyOf(`${q} # comment`, {}, { variables: { r: "reg_1" } }),
      keyOf(q, {}, { variables: { r: "reg_1" }, operationName: "P" }),
      keyOf(q, { headers: { "x-publishable-api-key": "pk_other" } }, { variables: { r: "reg_1" } }),
      keyOf(q, { headers: { "x-medusa-locale": "fr-FR" } }, { variables: { r: "reg_1" } }),
      keyOf(
        q,
        { headers: { accept: "application/graphql-response+json" } },
        { variables: { r: "reg_1" } }
      ),
      keyOf(q, { method: "GET" }, { variables: JSON.stringify({ r: "reg_1" }) }),
    ]
    expect(new Set([base, ...others]).size).toBe(others.length + 1)
    expect(base.startsWith("gql:")).toBe(true)
  })

  it("marks documents that select stock", () => {
    const p = plan("{ products { nodes { variants { inStock } } } }")
    const q = plan("{ products { nodes { variants { n: inventoryQuantity } } } }")
    const r = plan("{ products { nodes { title } } }")
    expect([p, q, r].map((x) => (x.kind === "cache" ? x.stock : undefined))).toEqual([
      true,
      true,
      false,
    ])
  })

  it("leaves requests without a query or publishable key to Yoga", () => {
    expect(graphqlCachePlan(request({})).kind).toBe("none")
    expect(plan("{ regions { id } }", { headers: { "x-publishable-api-key": "" } }).kind).toBe(
      "none"
    )
  })
})

describe("graphqlCachePlan and armor's token limit", () => {
  it("does not parse a document over maxTokens: Yoga refuses it", () => {
    const fields = Array.from({ length: 4000 }, (_, i) => `f${i}: id`).join(" ")
    expect(plan(`{ regions { ${fields} } }`).kind).toBe("none")
  })
})
