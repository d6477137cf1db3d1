import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor"
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { GraphQLError, NoSchemaIntrospectionCustomRule } from "graphql"
import { createYoga, type Plugin, type YogaServerInstance } from "graphql-yoga"
import { getCatalogCache } from "../cache"
import { beginMiss, lookup, serve, storeFill } from "../cache/http"
import { GRAPHQL_VARY, graphqlCachePlan } from "./cache"
import { buildContext, type GraphQLContext, type ServerContext } from "./context"
import { toGraphQLError } from "./errors"
import { buildStorefrontSchema } from "./schema"
import { isRecord, type MaybeAuthenticatedRequest } from "../http"
import { featureEnabled, getPluginOptions, type PluginOptions } from "../plugin-options"
import { currentRequestId } from "../observability/request-context"

export const GRAPHQL_PATH = "/graphql"

export type GraphQLLimits = PluginOptions["graphql"]["limits"]

export type StorefrontYogaOptions = {
  production: boolean
  /** Introspection and field suggestions in production (GRAPHQL_INTROSPECTION=true). */
  introspection: boolean
  limits: GraphQLLimits
}

/** Refuses __schema/__type: production does not hand out a map of the API. */
const noIntrospection: Plugin = {
  onValidate({ addValidationRule }) {
    addValidationRule(NoSchemaIntrospectionCustomRule)
  },
}

export function createStorefrontYoga(
  options: StorefrontYogaOptions
): YogaServerInstance<ServerContext, GraphQLContext> {
  const { production, limits } = options
  const open = !production || options.introspection
  return createYoga<ServerContext, GraphQLContext>({
    schema: buildStorefrontSchema(),
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: production ? false : { title: "commerce API storefront" },
    landingPage: false,
    // One operation per request: a batch would multiply every per-request limit.
    batching: false,
    context: ({ req }) => buildContext(req),
    logging: false,
    maskedErrors: {
      maskError: (error) => {
        const gqlError =
          error instanceof GraphQLError
            ? error
            : new GraphQLError("Unexpected error", { originalError: error as Error })
        return toGraphQLError(gqlError, {
          production,
          requestId: currentRequestId(),
          log: (message, e) => {
            // Logged with the request id the masked answer names.
            console.error(`${message} (request ${currentRequestId() ?? "-"})`, e)
          },
        })
      },
    },
    plugins: [
      EnvelopArmorPlugin({
        maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true },
        costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true },
        maxAliases: { n: limits.maxAliases },
        maxDirectives: { n: limits.maxDirectives },
        maxTokens: { n: limits.maxTokens },
        blockFieldSuggestion: { enabled: !open },
      }),
      ...(open ? [] : [noIntrospection]),
    ],
  })
}

let instance: { key: string; yoga: YogaServerInstance<ServerContext, GraphQLContext> } | undefined

/** The process's server, built on first use from the plugin's options and the environment. */
export function storefrontYoga(production: boolean) {
  const options: StorefrontYogaOptions = {
    production,
    introspection: process.env.GRAPHQL_INTROSPECTION === "true",
    limits: getPluginOptions().graphql.limits,
  }
  const key = JSON.stringify(options)
  if (instance?.key !== key) instance = { key, yoga: createStorefrontYoga(options) }
  return instance.yoga
}

export async function handleGraphQL(req: MedusaRequest, res: MedusaResponse, production: boolean) {
  // Medusa's body parser has read the stream; Yoga only reuses a non-empty parsed object.
  const body: unknown = req.body
  if (
    req.method === "POST" &&
    (Array.isArray(body) || !isRecord(body) || !Object.keys(body).length)
  ) {
    res
      .status(400)
      .json({ type: "invalid_data", message: "POST /graphql needs a JSON object with a query" })
    return
  }
  const yoga = storefrontYoga(production)
  try {
    if (await answeredFromCache(req, res, yoga)) return
    // handle(req, res) writes the answer to `res` (handleNodeRequestAndResponse only returns it).
    await yoga.handle(req, res, { req, res })
  } catch (e) {
    const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
    logger.error("GraphQL request failed", e as Error)
    if (!res.headersSent) res.status(400).json({ type: "invalid_data", message: "Bad request" })
  }
}

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
async function answeredFromCache(
  req: MedusaRequest,
  res: MedusaResponse,
  yoga: YogaServerInstance<ServerContext, GraphQLContext>
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
    replayed[name] = value
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length) res.setHeader("set-cookie", cookies)
  const type = response.headers.get("content-type") ?? ""
  // Errors are never stored: neither an HTTP error nor a 200 whose result carries `errors`.
  const storable =
    response.status === 200 && !cookies.length && JSON_RESULT.test(type) && !hasErrors(bytes)
  if (!storable) {
    fill.finish(undefined)
    res.setHeader("Content-Length", bytes.length)
    res.end(bytes)
    return true
  }
  if (storeFill(req, res, cache, fill, bytes, replayed, GRAPHQL_PATH, GRAPHQL_VARY)) return true
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
