import {
  CollectionSchema,
  FieldsQuery,
  ListQuery,
  ProductCategorySchema,
  ProductSchema,
  RegionSchema,
  errors,
  json,
  listOf,
} from "../components"
import { OpenAPIRegistry, security, z, type PathModule } from "../registry"

const idParam = z.object({ id: z.string() })
const stringOrList = (description: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .openapi({ description })

const ProductQuery = ListQuery.extend({
  region_id: z.string().optional().openapi({
    description: "Region whose currency/prices fill `variants.calculated_price`.",
  }),
  q: z.string().optional().openapi({ description: "Full-text search in title, description…" }),
  handle: z.string().optional(),
  category_id: stringOrList("Only products in these categories (`category_id[]=`)."),
  collection_id: stringOrList("Only products in these collections (`collection_id[]=`)."),
})

function register(registry: OpenAPIRegistry) {
  const tags = ["Catalog"]
  const read = (
    path: string,
    summary: string,
    key: string,
    schema: z.ZodType,
    query = FieldsQuery
  ) =>
    registry.registerPath({
      method: "get",
      path,
      tags,
      summary,
      security: security.store,
      request: path.includes("{id}") ? { params: idParam, query } : { query },
      responses: {
        "200": json(
          summary,
          path.includes("{id}") ? z.object({ [key]: schema }) : listOf(key, schema)
        ),
        ...(path.includes("{id}") ? errors(400, 404) : errors(400)),
      },
    })
  read("/store/products", "List products", "products", ProductSchema, ProductQuery)
  read(
    "/store/products/{id}",
    "One product",
    "product",
    ProductSchema,
    FieldsQuery.extend({ region_id: ProductQuery.shape.region_id })
  )
  read(
    "/store/product-categories",
    "List categories",
    "product_categories",
    ProductCategorySchema,
    ListQuery.extend({ handle: z.string().optional(), parent_category_id: z.string().optional() })
  )
  // Medusa 2.21.2 checks `!category` on the result array, so an unknown id answers
  // 200 `{}` instead of 404 (found by the contract tests); documented as it behaves.
  registry.registerPath({
    method: "get",
    path: "/store/product-categories/{id}",
    tags,
    summary: "One category",
    description:
      "Unknown ids answer 200 with an empty object (no `product_category`), not 404: " +
      "Medusa 2.21.2 behaviour. Check for the key.",
    security: security.store,
    request: { params: idParam, query: FieldsQuery },
    responses: {
      "200": json(
        "The category, or `{}` for an unknown id",
        z.object({ product_category: ProductCategorySchema.optional() })
      ),
      ...errors(400),
    },
  })
  read(
    "/store/collections",
    "List collections",
    "collections",
    CollectionSchema,
    ListQuery.extend({ handle: stringOrList("Collection handle(s) (`handle[]=`).") })
  )
  read("/store/collections/{id}", "One collection", "collection", CollectionSchema)
  read("/store/regions", "List regions", "regions", RegionSchema, ListQuery)
  read("/store/regions/{id}", "One region", "region", RegionSchema)
}

export const storeCatalogPaths: PathModule = {
  tag: "Catalog",
  description: "Products with region pricing, categories, collections and regions.",
  register,
}
