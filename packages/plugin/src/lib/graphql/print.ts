import { buildSchema, lexicographicSortSchema, printSchema } from "graphql"
import { typeDefs } from "./type-defs"

/** docs/graphql/schema.graphql: the schema in a stable order (written by npm run docs:build). */
export const GRAPHQL_SCHEMA_FILE = "docs/graphql/schema.graphql"

export function printStorefrontSchema(): string {
  return `${printSchema(lexicographicSortSchema(buildSchema(typeDefs)))}\n`
}
