import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { handleGraphQL } from "../../lib/graphql/server"
import { readSettings } from "../../lib/settings"

const production = readSettings(process.env).isProduction

/** The GraphQL storefront API (docs/graphql.md): queries by GET or POST, mutations by POST. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  await handleGraphQL(req, res, production)
}

export async function POST(req: MedusaRequest, res: MedusaResponse) {
  await handleGraphQL(req, res, production)
}
