import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { readSwaggerAsset, SWAGGER_ASSETS, SWAGGER_INITIALIZER } from "../../../../openapi/serve"

export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const name = req.params.file
  if (name === "swagger-initializer.js") {
    res.type("application/javascript").send(SWAGGER_INITIALIZER)
    return
  }
  const data = readSwaggerAsset(name)
  if (!data) {
    res.status(404).json({ type: "not_found", message: `No docs asset named ${name}` })
    return
  }
  res.setHeader("Cache-Control", "public, max-age=86400")
  res.setHeader("Content-Type", SWAGGER_ASSETS[name])
  res.send(data)
}
