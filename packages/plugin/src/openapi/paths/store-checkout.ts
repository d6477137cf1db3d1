import {
  StoreCreatePaymentCollection,
  StoreCreatePaymentSession,
} from "@medusajs/medusa/api/store/payment-collections/validators"
import {
  FieldsQuery,
  ListQuery,
  PaymentCollectionSchema,
  ShippingOptionSchema,
  body,
  errors,
  json,
  listOf,
} from "../components"
import { OpenAPIRegistry, security, z, type PathModule } from "../registry"

const PaymentCollection = z.object({ payment_collection: PaymentCollectionSchema })

function register(registry: OpenAPIRegistry) {
  const tags = ["Checkout"]
  registry.registerPath({
    method: "get",
    path: "/store/shipping-options",
    tags,
    summary: "Shipping options available for a cart",
    security: security.store,
    request: {
      query: FieldsQuery.extend({
        cart_id: z.string().openapi({ description: "Options are filtered by the cart's address." }),
      }),
    },
    responses: {
      "200": json(
        "Shipping options with their price",
        z.object({ shipping_options: z.array(ShippingOptionSchema) })
      ),
      ...errors(400, 404),
    },
  })
  registry.registerPath({
    method: "get",
    path: "/store/payment-providers",
    tags,
    summary: "Payment providers enabled in a region",
    security: security.store,
    request: { query: ListQuery.extend({ region_id: z.string() }) },
    responses: {
      "200": json(
        "Providers",
        listOf(
          "payment_providers",
          z.object({ id: z.string().openapi({ example: "pp_stripe_stripe" }) })
        )
      ),
      ...errors(400),
    },
  })
  registry.registerPath({
    method: "post",
    path: "/store/payment-collections",
    tags,
    summary: "Create (or get) the payment collection of a cart",
    security: security.store,
    request: {
      query: FieldsQuery,
      body: body(registry.register("StoreCreatePaymentCollection", StoreCreatePaymentCollection)),
    },
    responses: { "200": json("Payment collection", PaymentCollection), ...errors(400, 404) },
  })
  registry.registerPath({
    method: "post",
    path: "/store/payment-collections/{id}/payment-sessions",
    tags,
    summary: "Start a payment session with a provider",
    description:
      "`pp_system_default` needs no data; `pp_stripe_stripe` returns a PaymentIntent whose " +
      "`client_secret` is in `payment_sessions[].data`.",
    security: security.store,
    request: {
      params: z.object({ id: z.string() }),
      query: FieldsQuery,
      body: body(registry.register("StoreCreatePaymentSession", StoreCreatePaymentSession)),
    },
    responses: {
      "200": json("Payment collection with sessions", PaymentCollection),
      ...errors(400, 404),
    },
  })
}

export const storeCheckoutPaths: PathModule = {
  tag: "Checkout",
  description: "Shipping options, payment collections and sessions, completing the cart.",
  register,
}
