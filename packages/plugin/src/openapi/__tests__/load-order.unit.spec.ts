/**
 * `medusa start` loads Medusa's validators and our middleware schemas before the OpenAPI
 * registry extends zod; under jest the order was the other way round, which hid a 500 on
 * /openapi.json in the production build. Both orders must give the same document.
 */
import fs from "fs"
import path from "path"

describe("OpenAPI document and module load order", () => {
  function buildIn(order: "validators-first" | "registry-first") {
    let doc: unknown
    jest.isolateModules(() => {
      if (order === "validators-first") {
        // What the server does: routes and middlewares (with their zod schemas) load first.
        require("@medusajs/medusa/api/store/customers/validators")
        require("@medusajs/medusa/api/store/carts/validators")
        require("../../api/middlewares/reviews")
        require("../../api/middlewares/wishlist")
        require("../../api/middlewares/audit")
      }
      const { buildOpenApiDocument } = require("../document")
      doc = buildOpenApiDocument()
    })
    return doc
  }

  it("builds the committed document whether validators load before or after the registry", () => {
    const committed = JSON.parse(
      fs.readFileSync(path.resolve(__dirname, "../../../docs/openapi/openapi.json"), "utf8")
    )
    const served = buildIn("validators-first")
    expect(served).toEqual(committed)
    expect(buildIn("registry-first")).toEqual(committed)
    expect(Object.keys((served as { paths: object }).paths).length).toBeGreaterThan(50)
  })
})
