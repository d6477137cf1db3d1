import type { ResponseConfig } from "@asteasolutions/zod-to-openapi"
import { OpenAPIRegistry, SECURITY, z } from "./registry"

// Shared building blocks for every feature's path file. Response schemas list the
// fields a storefront relies on and stay open (extra properties allowed), because
// `?fields=` lets a client ask for more; the contract tests check what is declared.

const id = (prefix: string) => z.string().openapi({ example: `${prefix}_01J...` })
const nullableString = z.string().nullable()
const metadata = z.record(z.string(), z.unknown()).nullable().optional()

/**
 * `schema | null` for a named (registered) schema. `.nullable()` on a registered schema
 * renders as `allOf: [$ref, {type: [object, null]}]`, which rejects null; a union renders
 * as `anyOf: [$ref, {type: null}]`.
 */
export const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()])

export const ErrorSchema = z
  .object({
    type: z.string().optional().openapi({ example: "invalid_data" }),
    code: z.string().optional(),
    message: z.string().openapi({ example: "Invalid request: Field 'email' is required" }),
  })
  .openapi("Error", {
    description: "Every 4xx/5xx answer: a message, usually a Medusa error type.",
  })

export const DeletedSchema = z.object({
  id: z.string(),
  object: z.string(),
  deleted: z.literal(true),
})

export const CalculatedPriceSchema = z
  .object({
    id: z.string().nullable().optional(),
    calculated_amount: z.number().nullable(),
    original_amount: z.number().nullable().optional(),
    currency_code: z.string().nullable(),
  })
  .openapi("CalculatedPrice", {
    description: "Price of a variant for the region/currency given by `region_id` (store prices).",
  })

export const ProductVariantSchema = z
  .object({
    id: id("variant"),
    title: nullableString,
    sku: nullableString.optional(),
    product_id: z.string().nullable().optional(),
    manage_inventory: z.boolean().optional(),
    allow_backorder: z.boolean().optional(),
    inventory_quantity: z.number().nullable().optional(),
    calculated_price: orNull(CalculatedPriceSchema).optional(),
    options: z
      .array(z.object({ id: z.string(), value: z.string() }))
      .nullable()
      .optional(),
  })
  .openapi("ProductVariant")

export const ProductSchema = z
  .object({
    id: id("prod"),
    title: z.string(),
    handle: z.string(),
    subtitle: nullableString.optional(),
    description: nullableString.optional(),
    thumbnail: nullableString.optional(),
    collection_id: nullableString.optional(),
    variants: z.array(ProductVariantSchema).nullable().optional(),
    options: z
      .array(z.object({ id: z.string(), title: z.string() }))
      .nullable()
      .optional(),
    images: z
      .array(z.object({ id: z.string(), url: z.string() }))
      .nullable()
      .optional(),
    metadata,
  })
  .openapi("Product")

export const ProductCategorySchema = z
  .object({
    id: id("pcat"),
    name: z.string(),
    handle: z.string(),
    description: z.string().optional(),
    parent_category_id: nullableString,
    rank: z.number().optional(),
  })
  .openapi("ProductCategory")

export const CollectionSchema = z
  .object({ id: id("pcol"), title: z.string(), handle: z.string(), metadata })
  .openapi("Collection")

export const RegionSchema = z
  .object({
    id: id("reg"),
    name: z.string(),
    currency_code: z.string(),
    automatic_taxes: z.boolean().optional(),
    countries: z
      .array(z.object({ iso_2: z.string(), display_name: z.string().optional() }))
      .optional(),
  })
  .openapi("Region")

export const AddressSchema = z
  .object({
    id: z.string().optional(),
    first_name: nullableString.optional(),
    last_name: nullableString.optional(),
    company: nullableString.optional(),
    address_1: nullableString.optional(),
    address_2: nullableString.optional(),
    city: nullableString.optional(),
    country_code: nullableString.optional(),
    province: nullableString.optional(),
    postal_code: nullableString.optional(),
    phone: nullableString.optional(),
  })
  .openapi("Address")

export const CustomerAddressSchema = AddressSchema.extend({
  id: id("cuaddr"),
  address_name: nullableString.optional(),
  is_default_shipping: z.boolean(),
  is_default_billing: z.boolean(),
  customer_id: z.string(),
}).openapi("CustomerAddress")

export const CustomerSchema = z
  .object({
    id: id("cus"),
    email: z.string(),
    first_name: nullableString,
    last_name: nullableString,
    phone: nullableString.optional(),
    company_name: nullableString.optional(),
    has_account: z.boolean().optional(),
    addresses: z.array(CustomerAddressSchema).optional(),
    metadata,
  })
  .openapi("Customer")

export const LineItemSchema = z
  .object({
    id: id("cali"),
    title: z.string(),
    quantity: z.number(),
    variant_id: nullableString.optional(),
    product_id: nullableString.optional(),
    unit_price: z.number(),
    thumbnail: nullableString.optional(),
    subtotal: z.number().optional(),
    total: z.number().optional(),
  })
  .openapi("LineItem")

export const ShippingMethodSchema = z
  .object({
    id: z.string(),
    // Absent in the answer of POST /store/carts/{id}/shipping-methods (Medusa 2.21.2).
    name: z.string().optional(),
    amount: z.number(),
    shipping_option_id: nullableString.optional(),
  })
  .openapi("ShippingMethod")

export const PromotionRefSchema = z
  .object({ id: z.string(), code: nullableString.optional() })
  .openapi("PromotionRef")

export const CartSchema = z
  .object({
    id: id("cart"),
    currency_code: z.string(),
    region_id: nullableString.optional(),
    customer_id: nullableString.optional(),
    email: nullableString.optional(),
    items: z.array(LineItemSchema).nullable().optional(),
    shipping_address: orNull(AddressSchema).optional(),
    billing_address: orNull(AddressSchema).optional(),
    shipping_methods: z.array(ShippingMethodSchema).nullable().optional(),
    promotions: z.array(PromotionRefSchema).nullable().optional(),
    subtotal: z.number(),
    discount_total: z.number(),
    shipping_total: z.number(),
    tax_total: z.number(),
    total: z.number(),
    completed_at: z.string().nullable().optional(),
  })
  .openapi("Cart")

export const ShippingOptionSchema = z
  .object({
    id: id("so"),
    name: z.string(),
    price_type: z.enum(["flat", "calculated"]),
    amount: z.number().nullable().optional(),
    provider_id: z.string().optional(),
    calculated_price: z
      .object({ calculated_amount: z.number().nullable(), currency_code: z.string().nullable() })
      .optional(),
  })
  .openapi("ShippingOption")

export const PaymentSessionSchema = z
  .object({
    id: id("payses"),
    provider_id: z.string(),
    status: z.string(),
    amount: z.number(),
    currency_code: z.string(),
    data: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .openapi("PaymentSession")

export const PaymentCollectionSchema = z
  .object({
    id: id("pay_col"),
    currency_code: z.string(),
    amount: z.number(),
    // Not in the default fields of POST /store/payment-collections (Medusa 2.21.2).
    status: z.string().optional(),
    payment_sessions: z.array(PaymentSessionSchema).optional(),
  })
  .openapi("PaymentCollection")

export const OrderSchema = z
  .object({
    id: id("order"),
    display_id: z.number(),
    status: z.string(),
    email: nullableString.optional(),
    currency_code: z.string(),
    customer_id: nullableString.optional(),
    region_id: nullableString.optional(),
    items: z.array(LineItemSchema).nullable().optional(),
    shipping_address: orNull(AddressSchema).optional(),
    payment_status: z.string().optional(),
    fulfillment_status: z.string().optional(),
    total: z.number(),
    subtotal: z.number().optional(),
    created_at: z.string().optional(),
  })
  .openapi("Order")

/** `{ <key>: [...], count, offset, limit }` — Medusa's list envelope. */
export function listOf(key: string, item: z.ZodType) {
  return z.object({
    [key]: z.array(item),
    count: z.number().int(),
    offset: z.number().int(),
    limit: z.number().int(),
  })
}

/** Query parameters every list route accepts. */
export const ListQuery = z.object({
  fields: z.string().optional().openapi({
    description:
      "Comma separated fields/relations, `+field` adds, `-field` removes, `*rel` expands.",
  }),
  limit: z.coerce.number().int().min(0).optional().openapi({ example: 20 }),
  offset: z.coerce.number().int().min(0).optional().openapi({ example: 0 }),
  order: z.string().optional().openapi({ description: "Field to sort by, `-field` descending." }),
})

export const FieldsQuery = z.object({ fields: ListQuery.shape.fields })

export function json(description: string, schema: z.ZodType): ResponseConfig {
  return { description, content: { "application/json": { schema } } }
}

export function body(schema: z.ZodType, description?: string) {
  return { required: true, description, content: { "application/json": { schema } } }
}

const ERROR_TEXT: Record<number, string> = {
  400: "Invalid request (validation error, unknown field, wrong state)",
  401: "Missing or invalid credentials",
  403: "Authenticated but not allowed",
  404: "Not found (or not visible to this caller)",
  409: "Conflict with the current state",
  422: "Request is valid but cannot be processed",
  429: "Rate limit exceeded",
}

/** Error responses an operation documents, e.g. `...errors(400, 404)`. */
export function errors(...codes: number[]): Record<string, ResponseConfig> {
  return Object.fromEntries(
    codes.map((c) => [String(c), json(ERROR_TEXT[c] ?? "Error", ErrorSchema)])
  )
}

/** Header every /store route needs; Swagger UI fills it from the "publishableKey" scheme. */
export function registerSharedComponents(registry: OpenAPIRegistry) {
  registry.registerComponent("securitySchemes", SECURITY.publishableKey, {
    type: "apiKey",
    in: "header",
    name: "x-publishable-api-key",
    description:
      "Publishable API key of a sales channel (`npm start` writes it to .data/demo.json).",
  })
  registry.registerComponent("securitySchemes", SECURITY.bearer, {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "Token from POST /auth/customer/emailpass (or /auth/user/emailpass for admins).",
  })
  registry.registerComponent("securitySchemes", SECURITY.session, {
    type: "apiKey",
    in: "cookie",
    name: "connect.sid",
    description: "Session cookie set by POST /auth/session with a bearer token.",
  })
  registry.register("Error", ErrorSchema)
}
