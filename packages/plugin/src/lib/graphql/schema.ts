import { MedusaError } from "@medusajs/framework/utils"
import { createSchema } from "graphql-yoga"
import { catalogResolvers } from "./catalog"
import { commerceResolvers } from "./commerce"
import type { GraphQLContext, ServerContext } from "./context"
import { socialResolvers } from "./social"
import { typeDefs } from "./type-defs"
import { isRecord } from "../http"

type Resolver = (...args: unknown[]) => unknown
type ResolverMap = Record<string, Record<string, Resolver>>

/**
 * A failed workflow throws its step's error serialized (a plain object with type and
 * message), which Express hands to Medusa's error handler as is. graphql-js would turn a
 * non-Error into "Unexpected error value" and lose the type, so it becomes a MedusaError
 * of the same type first: both APIs then answer with the same status.
 */
export function asError(thrown: unknown): unknown {
  if (thrown instanceof Error || !isRecord(thrown)) return thrown
  const type = typeof thrown.type === "string" ? thrown.type : MedusaError.Types.UNEXPECTED_STATE
  const message = typeof thrown.message === "string" ? thrown.message : "Unexpected error"
  return new MedusaError(type, message, typeof thrown.code === "string" ? thrown.code : undefined)
}

function wrap(maps: ResolverMap[]): ResolverMap[] {
  return maps.map((map) =>
    Object.fromEntries(
      Object.entries(map).map(([type, fields]) => [
        type,
        Object.fromEntries(
          Object.entries(fields).map(([name, fn]) => [
            name,
            async (...args: unknown[]) => {
              try {
                return await fn(...args)
              } catch (e) {
                throw asError(e)
              }
            },
          ])
        ),
      ])
    )
  )
}

export function buildStorefrontSchema() {
  return createSchema<ServerContext & GraphQLContext>({
    typeDefs,
    resolvers: wrap([
      catalogResolvers,
      commerceResolvers,
      socialResolvers,
    ] as unknown as ResolverMap[]),
  })
}
