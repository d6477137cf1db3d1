import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DOCS_HTML } from "../../openapi/serve"

export const GET = async (_req: MedusaRequest, res: MedusaResponse) => {
  res.type("html").send(DOCS_HTML)
}
