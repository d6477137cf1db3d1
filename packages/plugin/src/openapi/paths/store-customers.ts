import {
  StoreCreateCustomer,
  StoreCreateCustomerAddress,
  StoreUpdateCustomer,
  StoreUpdateCustomerAddress,
} from "@medusajs/medusa/api/store/customers/validators"
import {
  CustomerAddressSchema,
  CustomerSchema,
  DeletedSchema,
  FieldsQuery,
  ListQuery,
  body,
  errors,
  json,
  listOf,
} from "../components"
import { OpenAPIRegistry, SECURITY, security, z, type PathModule } from "../registry"

const Customer = z.object({ customer: CustomerSchema })
const addressParams = z.object({ address_id: z.string() })

function register(registry: OpenAPIRegistry) {
  const tags = ["Customers"]
  registry.registerPath({
    method: "post",
    path: "/store/customers",
    tags,
    summary: "Create the customer profile for a registration token",
    description:
      "With a token from an identity provider's callback the e-mail must be the IdP's (400 otherwise); " +
      "an e-mail that already has an account is 422 (POST /store/sso/customer applies the linking rules).",
    security: [{ [SECURITY.publishableKey]: [], [SECURITY.bearer]: [] }],
    request: { body: body(registry.register("StoreCreateCustomer", StoreCreateCustomer)) },
    responses: { "200": json("Customer", Customer), ...errors(400, 401, 422) },
  })
  registry.registerPath({
    method: "get",
    path: "/store/customers/me",
    tags,
    summary: "The logged-in customer",
    security: security.customer,
    request: { query: FieldsQuery },
    responses: { "200": json("Customer", Customer), ...errors(400, 401) },
  })
  registry.registerPath({
    method: "post",
    path: "/store/customers/me",
    tags,
    summary: "Update the logged-in customer",
    security: security.customer,
    request: { body: body(registry.register("StoreUpdateCustomer", StoreUpdateCustomer)) },
    responses: { "200": json("Customer", Customer), ...errors(400, 401) },
  })
  registry.registerPath({
    method: "get",
    path: "/store/customers/me/addresses",
    tags,
    summary: "List the customer's addresses",
    security: security.customer,
    request: { query: ListQuery },
    responses: {
      "200": json("Addresses", listOf("addresses", CustomerAddressSchema)),
      ...errors(400, 401),
    },
  })
  const AddressBody = registry.register("StoreCreateCustomerAddress", StoreCreateCustomerAddress)
  registry.registerPath({
    method: "post",
    path: "/store/customers/me/addresses",
    tags,
    summary: "Add an address",
    security: security.customer,
    request: { body: body(AddressBody) },
    responses: { "200": json("Customer with addresses", Customer), ...errors(400, 401) },
  })
  registry.registerPath({
    method: "get",
    path: "/store/customers/me/addresses/{address_id}",
    tags,
    summary: "One address",
    security: security.customer,
    request: { params: addressParams, query: FieldsQuery },
    responses: {
      "200": json("Address", z.object({ address: CustomerAddressSchema })),
      ...errors(401, 404),
    },
  })
  registry.registerPath({
    method: "post",
    path: "/store/customers/me/addresses/{address_id}",
    tags,
    summary: "Update an address",
    security: security.customer,
    request: { params: addressParams, body: body(StoreUpdateCustomerAddress) },
    responses: { "200": json("Customer with addresses", Customer), ...errors(400, 401, 404) },
  })
  registry.registerPath({
    method: "delete",
    path: "/store/customers/me/addresses/{address_id}",
    tags,
    summary: "Delete an address",
    description:
      "Note: Medusa answers with the customer's id in `id` and the customer as `parent`.",
    security: security.customer,
    request: { params: addressParams },
    responses: {
      "200": json("Deleted", DeletedSchema.extend({ parent: CustomerSchema })),
      ...errors(401, 404),
    },
  })
}

export const storeCustomerPaths: PathModule = {
  tag: "Customers",
  description: "Customer profile and address book of the logged-in customer.",
  register,
}
