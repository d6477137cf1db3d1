import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { servedDocument } from "../../openapi/serve"

export const GET = async (_req: MedusaRequest, res: MedusaResponse) => {
  const yaml = servedDocument().yaml
  // Set only once the document exists: an error must not carry `public`.
  res.setHeader("Cache-Control", "public, max-age=300")
  res.type("application/yaml").send(yaml)
}
