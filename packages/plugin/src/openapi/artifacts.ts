import { stringify } from "yaml"
import { buildOpenApiDocument, type OpenApiDocument } from "./document"
import { renderEndpointTable, spliceEndpointTable } from "./endpoint-table"
import { buildPostmanCollection, buildPostmanEnvironment } from "./postman"
import { customerExportJsonSchema } from "../lib/data-export-schema"

/** Every committed file `npm run docs:build` writes, keyed by path from the repo root. */
export function renderArtifacts(
  doc: OpenApiDocument = buildOpenApiDocument(),
  architectureMd?: string
): Record<string, string> {
  const json = (v: unknown) => JSON.stringify(v, null, 2) + "\n"
  const files: Record<string, string> = {
    "docs/openapi/openapi.json": json(doc),
    "docs/openapi/openapi.yaml": renderYaml(doc),
    "docs/postman/commerce-api.postman_collection.json": json(buildPostmanCollection(doc)),
    "docs/postman/commerce-api.postman_environment.json": json(buildPostmanEnvironment()),
    // The data export's own schema, for whoever receives an export (docs/data-rights.md).
    "docs/data-rights/customer-export.schema.json": json(customerExportJsonSchema()),
  }
  if (architectureMd !== undefined) {
    files["docs/architecture.md"] = spliceEndpointTable(architectureMd, renderEndpointTable(doc))
  }
  return files
}

export function renderYaml(doc: OpenApiDocument) {
  return stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 })
}
