import { createHash } from "crypto"
import {
  Kind,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql"
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import type { YogaServerInstance } from "graphql-yoga"
import { carriesIdentity, getCatalogCache } from "../cache"
import { beginMiss, lookup, serve, storeFill, VARY } from "../cache/http"
import { isRecord, type MaybeAuthenticatedRequest } from "../http"
import { featureEnabled, getPluginOptions } from "../plugin-options"
import type { GraphQLContext, ServerContext } from "./context"

/**
 * Which /graphql requests the catalog cache may answer (decision 0220): anonymous
 * queries whose root fields are all catalog reads REST caches too. Anything that
 * touches a cart, the customer, an order, a wishlist or a review list, every
 * mutation, and every request carrying a customer identity is computed each time.
 */
export const CACHEABLE_ROOT_FIELDS = new Set([
  "products",
  "product",
  "categories",
  "collections",
  "regions",
  "__typename",
])

/** Responses that select stock also depend on the stock generation (like REST's `inventory` fields). */
const STOCK_FIELDS = /\b(inStock|inventoryQuantity)\b/

/** Vary of a cached GraphQL answer: REST's, plus Accept (it picks Yoga's content type). */
export const GRAPHQL_VARY = `${VARY}, accept`

export type GraphQLCachePlan =
  /** servable from the cache under `key` */
  | { kind: "cache"; key: string; stock: boolean; publishableKey: string }
  /** a catalog query, but the caller is a customer: computed, marked BYPASS */
  | { kind: "bypass" }
  /** anything else: not the cache's business */
  | { kind: "none" }

type Params = { query: string; variables: unknown; operationName: unknown; extensions: unknown }

function header(req: MaybeAuthenticatedRequest, name: string): string {
  const value = req.headers[name]
  return (Array.isArray(value) ? value[0] : value) ?? ""
}

/** The GraphQL parameters as Yoga reads them: the JSON body for POST, the URL for GET. */
function params(req: MaybeAuthenticatedRequest): Params | undefined {
  const source: unknown =
    req.method === "POST" ? req.body : req.method === "GET" ? req.query : undefined
  if (!isRecord(source) || typeof source.query !== "string" || !source.query) return undefined
  return {
    query: source.query,
    variables: source.variables,
    operationName: source.operationName,
    extensions: source.extensions,
  }
}

/**
 * Per document text and operation name: whether it is a catalog-only query.
 * Bounded; a document that does not parse (or has more tokens than armor allows)
 * is left to Yoga, which answers 400.
 */
const decisions = new Map<string, { catalog: boolean; stock: boolean }>()
const MAX_DECISIONS = 1000

function rootFieldsOf(
  set: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  out: string[],
  seen = new Set<string>()
) {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) out.push(sel.name.value)
    else if (sel.kind === Kind.INLINE_FRAGMENT) rootFieldsOf(sel.selectionSet, fragments, out, seen)
    else {
      const name = sel.name.value
      const fragment = fragments.get(name)
      // An unknown or cyclic fragment is a validation error: not cached.
      if (!fragment || seen.has(name)) {
        out.push("\0invalid")
        continue
      }
      seen.add(name)
      rootFieldsOf(fragment.selectionSet, fragments, out, seen)
    }
  }
}

function decide(query: string, operationName: string | undefined) {
  let document: DocumentNode
  try {
    // Armor's token limit: a document Yoga will refuse is not parsed in full here either.
    const { maxTokens } = getPluginOptions().graphql.limits
    document = parse(query, { noLocation: true, maxTokens })
  } catch {
    return { catalog: false, stock: false }
  }
  const operations: OperationDefinitionNode[] = []
  const fragments = new Map<string, FragmentDefinitionNode>()
  for (const def of document.definitions) {
    if (def.kind === Kind.OPERATION_DEFINITION) operations.push(def)
    else if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def)
  }
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined
  if (!operation || operation.operation !== "query") return { catalog: false, stock: false }
  const fields: string[] = []
  rootFieldsOf(operation.selectionSet, fragments, fields)
  const catalog = fields.length > 0 && fields.every((f) => CACHEABLE_ROOT_FIELDS.has(f))
  return { catalog, stock: STOCK_FIELDS.test(query) }
}

function decision(query: string, operationName: string | undefined) {
  // Hashed: the memo holds 1000 short keys, not 1000 documents of up to the body limit.
  const id = createHash("sha1")
    .update(`${operationName ?? ""}\0${query}`)
    .digest("base64url")
  let known = decisions.get(id)
  if (!known) {
    known = decide(query, operationName)
    if (decisions.size >= MAX_DECISIONS) decisions.delete(decisions.keys().next().value!)
    decisions.set(id, known)
  }
  return known
}

/**
 * The cache plan of a /graphql request. The key covers everything that can change
 * the answer: the document text, the variables, the operation name and extensions
 * exactly as sent, the publishable key (its sales channels), the locale header,
 * the Accept header (Yoga's content type) and the method.
 */
export function graphqlCachePlan(req: MaybeAuthenticatedRequest): GraphQLCachePlan {
  const p = params(req)
  if (!p) return { kind: "none" }
  const operationName = typeof p.operationName === "string" ? p.operationName : undefined
  if (p.operationName != null && operationName === undefined) return { kind: "none" }
  const { catalog, stock } = decision(p.query, operationName)
  if (!catalog) return { kind: "none" }
  const identity =
    carriesIdentity({ method: req.method, url: req.originalUrl, headers: req.headers }) ||
    !!req.auth_context?.actor_id
  if (identity) return { kind: "bypass" }
  const publishableKey = header(req, "x-publishable-api-key")
  if (!publishableKey) return { kind: "none" }
  const raw = JSON.stringify([
    "graphql",
    req.method,
    p.query,
    p.variables ?? null,
    operationName ?? null,
    p.extensions ?? null,
    publishableKey,
    header(req, "x-medusa-locale"),
    header(req, "accept"),
  ])
  const key = `gql:${createHash("sha1").update(raw).digest("base64url")}`
  return { kind: "cache", key, stock, publishableKey }
}

/** Headers of Yoga's answer that describe that one request (CORS is per request), not the body. */
const NOT_REPLAYED = /^(access-control-.*|vary|date|connection|keep-alive|transfer-encoding|etag)$/i

/** JSON content types Yoga answers a single result with (not SSE or multipart). */
const JSON_RESULT = /^application\/(graphql-response\+)?json\b/i

export function graphqlCacheOn() {
  return featureEnabled("catalogCache") && getCatalogCache().options.enabled
}

/**
 * The early lane of /graphql, placed before Medusa's publishable-key lookup and customer
 * auth (middlewares/graphql.ts), after CORS, the rate limit and body parsing: serves an
 * in-process hit for a publishable key Medusa accepted since the last invalidation, from a
 * request without customer identity (REST's early lane rule, decision 0081; off with
 * CATALOG_CACHE_EARLY=off like it). Anything else goes on to the full stack.
 */
export function graphqlEarlyHit(req: MaybeAuthenticatedRequest, res: MedusaResponse): boolean {
  if (!graphqlCacheOn() || !getCatalogCache().options.early) return false
  const plan = graphqlCachePlan(req)
  if (plan.kind !== "cache") return false
  const cache = getCatalogCache()
  if (!cache.isAcceptedKey(plan.publishableKey)) return false
  const entry = cache.peek(plan.key)
  if (!entry) return false
  cache.count("earlyHit")
  serve(req, res, entry, cache, "HIT", GRAPHQL_VARY)
  return true
}

/**
 * The catalog cache's door for /graphql (decision 0220): anonymous catalog-only
 * queries are served from, and stored in, the cache REST's /store catalog uses,
 * with its invalidation and pricing-boundary expiry. Answers false when the
 * request is not the cache's business (the caller then lets Yoga write it).
 */
export async function answeredFromCache(
  req: MedusaRequest,
  res: MedusaResponse,
  yoga: YogaServerInstance<ServerContext, GraphQLContext>,
  route: string
): Promise<boolean> {
  if (!graphqlCacheOn()) return false
  const plan = graphqlCachePlan(req)
  if (plan.kind === "none") return false
  const cache = getCatalogCache()
  if (plan.kind === "bypass") {
    cache.count("bypass")
    res.setHeader("x-cache", "BYPASS")
    return false
  }
  // Medusa's publishable-key middleware ran before the route and accepted this key.
  const accepted = (req as MaybeAuthenticatedRequest).publishable_key_context?.key
  if (accepted === plan.publishableKey) cache.acceptKey(accepted)
  const entry = await lookup(cache, plan.key, plan.stock)
  if (entry) {
    serve(req, res, entry, cache, "HIT", GRAPHQL_VARY)
    return true
  }
  const fill = await beginMiss(res, cache, plan.key, plan.stock, () =>
    req.scope.resolve(Modules.PRICING)
  )
  // Computed by Yoga into a Fetch Response, which is written here (Yoga's handle would write it).
  let response: Awaited<ReturnType<typeof yoga.handleNodeRequestAndResponse>>
  try {
    response = await yoga.handleNodeRequestAndResponse(req, res, { req, res })
  } catch (e) {
    fill.finish(undefined)
    throw e
  }
  const bytes = Buffer.from(await response.arrayBuffer())
  res.statusCode = response.status
  const replayed: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    if (name === "set-cookie" || name === "content-length") return
    res.setHeader(name, value)
    // CORS is per request (the storeCors middleware's, on hits too): never replayed.
    if (!NOT_REPLAYED.test(name)) replayed[name] = value
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length) res.setHeader("set-cookie", cookies)
  const type = response.headers.get("content-type") ?? ""
  // Errors are never stored: neither an HTTP error nor a 200 whose result carries `errors`.
  const storable =
    response.status === 200 && !cookies.length && JSON_RESULT.test(type) && !hasErrors(bytes)
  if (!storable) fill.finish(undefined)
  else if (storeFill(req, res, cache, fill, bytes, replayed, route, GRAPHQL_VARY)) return true
  res.setHeader("Content-Length", bytes.length)
  res.end(bytes)
  return true
}

function hasErrors(bytes: Buffer): boolean {
  try {
    const result: unknown = JSON.parse(bytes.toString("utf8"))
    return !isRecord(result) || result.errors !== undefined || !("data" in result)
  } catch {
    return true
  }
}
