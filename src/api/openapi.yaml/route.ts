import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { servedDocument } from "../../openapi/serve"

export const GET = async (_req: MedusaRequest, res: MedusaResponse) => {
  res.setHeader("Cache-Control", "public, max-age=300")
  res.type("application/yaml").send(servedDocument().yaml)
}
