import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor"
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { GraphQLError, NoSchemaIntrospectionCustomRule } from "graphql"
import { createYoga, type Plugin, type YogaServerInstance } from "graphql-yoga"
import { answeredFromCache } from "./cache"
import { buildContext, type GraphQLContext, type ServerContext } from "./context"
import { toGraphQLError } from "./errors"
import { buildStorefrontSchema } from "./schema"
import { isRecord } from "../http"
import { getPluginOptions, type PluginOptions } from "../plugin-options"
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
    // CORS is the storeCors middleware's (STORE_CORS). Yoga's default echoes any Origin with
    // credentials, which would let every site read a shopper's answers with their cookie.
    cors: false,
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
    if (await answeredFromCache(req, res, yoga, GRAPHQL_PATH)) return
    // handle(req, res) writes the answer to `res` (handleNodeRequestAndResponse only returns it).
    await yoga.handle(req, res, { req, res })
  } catch (e) {
    const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
    logger.error("GraphQL request failed", e as Error)
    if (!res.headersSent) res.status(400).json({ type: "invalid_data", message: "Bad request" })
  }
}
