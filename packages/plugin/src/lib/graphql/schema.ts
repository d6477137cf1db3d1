import { createSchema } from "graphql-yoga"
import { catalogResolvers } from "./catalog"
import { commerceResolvers } from "./commerce"
import { socialResolvers } from "./social"
import type { GraphQLContext, ServerContext } from "./context"
import { typeDefs } from "./type-defs"

export function buildStorefrontSchema() {
  return createSchema<ServerContext & GraphQLContext>({
    typeDefs,
    resolvers: [catalogResolvers, commerceResolvers, socialResolvers],
  })
}
