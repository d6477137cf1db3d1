import { FieldsQuery, ListQuery, OrderSchema, errors, json, listOf } from "../components"
import { OpenAPIRegistry, security, z, type PathModule } from "../registry"

function register(registry: OpenAPIRegistry) {
  const tags = ["Orders"]
  registry.registerPath({
    method: "get",
    path: "/store/orders",
    tags,
    summary: "The logged-in customer's orders",
    security: security.customer,
    request: { query: ListQuery },
    responses: { "200": json("Orders", listOf("orders", OrderSchema)), ...errors(400, 401) },
  })
  registry.registerPath({
    method: "get",
    path: "/store/orders/{id}",
    tags,
    summary: "One order by id",
    description: "Guests keep their order by its (unguessable) id, as in Medusa.",
    security: security.store,
    request: { params: z.object({ id: z.string() }), query: FieldsQuery },
    responses: { "200": json("Order", z.object({ order: OrderSchema })), ...errors(400, 404) },
  })
}

export const storeOrderPaths: PathModule = {
  tag: "Orders",
  description: "Order history of a customer and order lookup by id.",
  register,
}
