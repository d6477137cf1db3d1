import { z } from "@medusajs/framework/zod"

/**
 * The customer data export (GDPR Art. 15 and 20), version 1. The same schema documents the
 * download in OpenAPI and as JSON Schema (docs/data-rights/customer-export.schema.json, kept
 * equal by a unit test). It never holds password hashes, tokens or card data.
 */
export const DATA_EXPORT_VERSION = 1

const ts = z.string().describe("ISO 8601 timestamp")
const nts = ts.nullable()
const meta = z.record(z.string(), z.unknown()).nullable()

const Address = z.object({
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  company: z.string().nullable(),
  address_1: z.string().nullable(),
  address_2: z.string().nullable(),
  city: z.string().nullable(),
  province: z.string().nullable(),
  postal_code: z.string().nullable(),
  country_code: z.string().nullable(),
  phone: z.string().nullable(),
})

const Item = z.object({
  title: z.string().nullable(),
  variant_sku: z.string().nullable(),
  quantity: z.number(),
  unit_price: z.number(),
})

export const CustomerDataExport = z
  .object({
    version: z.literal(DATA_EXPORT_VERSION),
    generated_at: ts,
    customer: z.object({
      id: z.string(),
      email: z.string().nullable(),
      first_name: z.string().nullable(),
      last_name: z.string().nullable(),
      phone: z.string().nullable(),
      company_name: z.string().nullable(),
      has_account: z.boolean(),
      created_at: ts,
      updated_at: ts,
      metadata: meta,
    }),
    addresses: z.array(
      Address.extend({
        id: z.string(),
        address_name: z.string().nullable(),
        is_default_shipping: z.boolean(),
        is_default_billing: z.boolean(),
      })
    ),
    auth_identities: z
      .array(
        z.object({
          id: z.string(),
          provider: z.string(),
          entity_id: z.string().describe("The login identifier at the provider (e-mail, subject)"),
          user_metadata: meta,
          created_at: nts,
        })
      )
      .describe("Logins; never password hashes or provider tokens"),
    email_verification: z
      .object({ email: z.string(), verified: z.boolean(), verified_at: nts })
      .nullable(),
    orders: z.array(
      z.object({
        id: z.string(),
        display_id: z.number().nullable(),
        status: z.string(),
        email: z.string().nullable(),
        currency_code: z.string(),
        created_at: ts,
        total: z.number(),
        subtotal: z.number(),
        tax_total: z.number(),
        shipping_total: z.number(),
        discount_total: z.number(),
        items: z.array(Item.extend({ total: z.number() })),
        shipping_address: Address.nullable(),
        billing_address: Address.nullable(),
        payments: z
          .array(
            z.object({
              amount: z.number(),
              currency_code: z.string(),
              provider_id: z.string(),
              status: z.enum(["authorized", "captured", "canceled"]),
              captured_amount: z.number(),
              refunded_amount: z.number(),
              created_at: ts,
            })
          )
          .describe("Amounts and status; no card data"),
      })
    ),
    carts: z.array(
      z.object({
        id: z.string(),
        email: z.string().nullable(),
        currency_code: z.string(),
        created_at: ts,
        updated_at: ts,
        completed_at: nts,
        items: z.array(Item),
        shipping_address: Address.nullable(),
        billing_address: Address.nullable(),
      })
    ),
    reviews: z.array(
      z.object({
        id: z.string(),
        product_id: z.string(),
        order_id: z.string().nullable(),
        rating: z.number(),
        title: z.string(),
        body: z.string(),
        status: z.string(),
        verified_purchase: z.boolean(),
        created_at: ts,
      })
    ),
    helpful_votes: z.array(z.object({ review_id: z.string(), created_at: ts })),
    wishlists: z.array(
      z.object({
        id: z.string(),
        sales_channel_id: z.string(),
        shared: z.boolean().describe("Whether a share link is active (the token is not exported)"),
        created_at: ts,
        items: z.array(z.object({ variant_id: z.string(), created_at: ts })),
      })
    ),
    audit_log: z.array(
      z.object({
        occurred_at: ts,
        kind: z.string(),
        action: z.string(),
        actor_type: z.string().nullable(),
        route: z.string().nullable(),
        status: z.number().nullable(),
        ip: z.string().nullable(),
      })
    ),
    erasure_requests: z.array(
      z.object({
        status: z.string(),
        requested_by: z.string(),
        created_at: ts,
        execute_after: nts,
        completed_at: nts,
      })
    ),
  })
  .strict()
  .describe("Everything the shop holds about one customer (version 1)")

export type CustomerDataExportDocument = z.infer<typeof CustomerDataExport>

/** The JSON Schema of the export, as committed in docs/data-rights/customer-export.schema.json. */
export function customerExportJsonSchema(): Record<string, unknown> {
  return {
    $id: "https://commerce-api.local/schemas/customer-export.v1.json",
    title: "Customer data export",
    ...z.toJSONSchema(CustomerDataExport, { target: "draft-2020-12" }),
  }
}
