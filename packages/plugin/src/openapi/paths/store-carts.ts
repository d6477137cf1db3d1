import {
  StoreAddCartLineItem,
  StoreAddCartPromotions,
  StoreAddCartShippingMethods,
  StoreCreateCart,
  StoreRemoveCartPromotions,
  StoreUpdateCart,
  StoreUpdateCartLineItem,
} from "@medusajs/medusa/api/store/carts/validators"
import {
  CartSchema,
  DeletedSchema,
  FieldsQuery,
  OrderSchema,
  body,
  errors,
  json,
} from "../components"
import { OpenAPIRegistry, security, z, type PathModule } from "../registry"

const Cart = z.object({ cart: CartSchema }).openapi("CartResponse")
const cartParams = z.object({ id: z.string().openapi({ example: "cart_01J..." }) })
const lineParams = cartParams.extend({ line_id: z.string() })

// Medusa's request validators are factories when they accept `additional_data`.
const createCart = StoreCreateCart()
const updateCart = StoreUpdateCart()

function register(registry: OpenAPIRegistry) {
  const tags = ["Carts"]
  const cartOp = (
    method: "get" | "post" | "delete",
    path: string,
    summary: string,
    extra: {
      body?: z.ZodType
      params?: z.ZodObject
      description?: string
      codes?: number[]
      security?: typeof security.customer
    } = {}
  ) =>
    registry.registerPath({
      method,
      path,
      tags,
      summary,
      description: extra.description,
      security: extra.security ?? security.store,
      request: {
        params: extra.params ?? (path.includes("{id}") ? cartParams : undefined),
        query: FieldsQuery,
        body: extra.body ? body(extra.body) : undefined,
      },
      responses: { "200": json("Cart", Cart), ...errors(...(extra.codes ?? [400, 404])) },
    })

  cartOp("post", "/store/carts", "Create a cart", {
    body: registry.register("StoreCreateCart", createCart),
    description:
      "Without `region_id` the store's default region is used. A guest keeps the cart by its id; " +
      "a logged-in customer's cart is linked to the customer. An unknown `region_id` answers 404.",
    codes: [400, 404],
  })
  cartOp("get", "/store/carts/{id}", "Get a cart")
  cartOp("post", "/store/carts/{id}", "Update a cart (email, addresses, region, promo codes)", {
    body: registry.register("StoreUpdateCart", updateCart),
    description: "Setting an email on a guest cart creates a guest customer (has_account=false).",
  })
  cartOp("post", "/store/carts/{id}/line-items", "Add a line item", {
    body: registry.register("StoreAddCartLineItem", StoreAddCartLineItem),
    description: "Fails with 400 when the variant does not have enough stock.",
  })
  cartOp("post", "/store/carts/{id}/line-items/{line_id}", "Change a line item's quantity", {
    params: lineParams,
    body: registry.register("StoreUpdateCartLineItem", StoreUpdateCartLineItem),
  })
  registry.registerPath({
    method: "delete",
    path: "/store/carts/{id}/line-items/{line_id}",
    tags,
    summary: "Remove a line item",
    security: security.store,
    request: { params: lineParams, query: FieldsQuery },
    responses: {
      "200": json("Deleted", DeletedSchema.extend({ parent: CartSchema })),
      ...errors(400, 404),
    },
  })
  cartOp("post", "/store/carts/{id}/promotions", "Apply promotion codes", {
    body: registry.register("StoreAddCartPromotions", StoreAddCartPromotions),
    description: "Unknown codes are ignored; check `cart.promotions` for what applied.",
  })
  cartOp("delete", "/store/carts/{id}/promotions", "Remove promotion codes", {
    body: StoreRemoveCartPromotions,
  })
  cartOp("post", "/store/carts/{id}/shipping-methods", "Choose a shipping option", {
    body: registry.register("StoreAddCartShippingMethods", StoreAddCartShippingMethods),
  })
  cartOp("post", "/store/carts/{id}/customer", "Transfer a guest cart to the logged-in customer", {
    codes: [400, 401, 404],
    security: security.customer,
  })
  registry.registerPath({
    method: "post",
    path: "/store/carts/{id}/complete",
    tags: ["Checkout"],
    summary: "Complete the cart: authorize payment and place the order",
    description:
      "Answers 200 with `type: order` when the order was placed, or 200 with `type: cart` and " +
      "an `error` when the payment needs more (e.g. 3-D Secure) or was not authorized. Other " +
      "problems (no shipping method, out of stock, no payment session) answer 400. With " +
      "REQUIRE_VERIFIED_EMAIL_FOR_CHECKOUT=true a registered customer's cart answers 403 " +
      "until the customer verified the e-mail.",
    security: security.store,
    request: { params: cartParams, query: FieldsQuery },
    responses: {
      "200": json(
        "Order placed, or the cart with a payment error",
        z
          .discriminatedUnion("type", [
            z.object({ type: z.literal("order"), order: OrderSchema }),
            z.object({
              type: z.literal("cart"),
              cart: CartSchema,
              error: z.object({ message: z.string(), name: z.string(), type: z.string() }),
            }),
          ])
          .openapi("CompleteCartResponse")
      ),
      ...errors(400, 403, 404, 409),
    },
  })
}

export const storeCartPaths: PathModule = {
  tag: "Carts",
  description: "Guest and customer carts: items, addresses, promotions, shipping methods.",
  register,
}
