import { OpenAPIRegistry, security, z, type PathModule } from "../registry"

function register(registry: OpenAPIRegistry) {
  const tags = ["Documentation"]
  registry.registerPath({
    method: "get",
    path: "/openapi.json",
    tags,
    summary: "This OpenAPI 3.1 document (JSON)",
    security: security.none,
    responses: {
      "200": {
        description: "OpenAPI document",
        content: {
          "application/json": {
            schema: z.object({ openapi: z.string(), info: z.object({}), paths: z.object({}) }),
          },
        },
      },
    },
  })
  registry.registerPath({
    method: "get",
    path: "/openapi.yaml",
    tags,
    summary: "This OpenAPI 3.1 document (YAML)",
    security: security.none,
    responses: {
      "200": {
        description: "OpenAPI document",
        content: { "application/yaml": { schema: z.string() } },
      },
    },
  })
  registry.registerPath({
    method: "get",
    path: "/docs",
    tags,
    summary: "Interactive API documentation (Swagger UI)",
    security: security.none,
    responses: {
      "200": { description: "HTML page", content: { "text/html": { schema: z.string() } } },
    },
  })
  registry.registerPath({
    method: "get",
    path: "/docs/assets/{file}",
    tags,
    summary: "Swagger UI static assets (from the swagger-ui-dist package)",
    security: security.none,
    request: {
      params: z.object({ file: z.string().openapi({ example: "swagger-ui-bundle.js" }) }),
    },
    responses: {
      "200": { description: "Asset (JavaScript, CSS, PNG or the initializer script)" },
      "404": { description: "Not a Swagger UI asset" },
    },
  })
}

export const docsPaths: PathModule = {
  tag: "Documentation",
  description: "This document and its interactive viewer.",
  register,
}
