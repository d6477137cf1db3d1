import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import {
  DATA_EXPORT_VERSION,
  type CustomerDataExportDocument as Doc,
} from "../../../lib/data-export-schema"
import { AUDIT_MODULE } from "../../../modules/audit"
import type AuditModuleService from "../../../modules/audit/service"
import { DATA_RIGHTS_MODULE } from "../../../modules/data-rights"
import type DataRightsModuleService from "../../../modules/data-rights/service"
import { EMAIL_VERIFICATION_MODULE } from "../../../modules/email-verification"
import type EmailVerificationModuleService from "../../../modules/email-verification/service"
import { REVIEWS_MODULE } from "../../../modules/reviews"
import type ReviewsModuleService from "../../../modules/reviews/service"
import { WISHLIST_MODULE } from "../../../modules/wishlist"
import type WishlistModuleService from "../../../modules/wishlist/service"
import { customerAuthIdentities } from "./delete-auth-identities"

export type CollectCustomerDataInput = { customer_id: string }

type Row = Record<string, unknown>

/** Amounts come as numbers or BigNumber-like objects ({ numeric }); the export has numbers. */
function num(value: unknown): number {
  if (typeof value === "number") return value
  if (value && typeof value === "object" && "numeric" in value) return Number(value.numeric)
  const n = Number(value ?? 0)
  return Number.isFinite(n) ? n : 0
}
const iso = (value: unknown): string =>
  value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString()
const isoOrNull = (value: unknown): string | null => (value ? iso(value) : null)
const str = (value: unknown): string | null => (value == null ? null : String(value))
const rows = (value: unknown): Row[] => (Array.isArray(value) ? (value as Row[]) : [])
const sum = (list: unknown) => rows(list).reduce((total, r) => total + num(r.amount), 0)

function address(a: unknown): Doc["orders"][number]["shipping_address"] {
  if (!a || typeof a !== "object") return null
  const r = a as Row
  return {
    first_name: str(r.first_name),
    last_name: str(r.last_name),
    company: str(r.company),
    address_1: str(r.address_1),
    address_2: str(r.address_2),
    city: str(r.city),
    province: str(r.province),
    postal_code: str(r.postal_code),
    country_code: str(r.country_code),
    phone: str(r.phone),
  }
}

const item = (i: Row) => ({
  title: str(i.title),
  variant_sku: str(i.variant_sku),
  quantity: num(i.quantity),
  unit_price: num(i.unit_price),
})

const ADDRESS = (prefix: string) =>
  ["first_name", "last_name", "company", "address_1", "address_2", "city", "province"]
    .concat(["postal_code", "country_code", "phone"])
    .map((f) => `${prefix}.${f}`)

async function orders(container: MedusaContainer, customerId: string): Promise<Doc["orders"]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "display_id",
      "status",
      "email",
      "currency_code",
      "created_at",
      "total",
      "subtotal",
      "tax_total",
      "shipping_total",
      "discount_total",
      "items.title",
      "items.variant_sku",
      "items.quantity",
      "items.unit_price",
      "items.total",
      ...ADDRESS("shipping_address"),
      ...ADDRESS("billing_address"),
      // Amounts and status only: payment `data` (provider payloads) is never read.
      "payment_collections.payments.amount",
      "payment_collections.payments.currency_code",
      "payment_collections.payments.provider_id",
      "payment_collections.payments.created_at",
      "payment_collections.payments.captured_at",
      "payment_collections.payments.canceled_at",
      "payment_collections.payments.captures.amount",
      "payment_collections.payments.refunds.amount",
    ],
    filters: { customer_id: customerId },
  })
  return (data as Row[]).map((o) => ({
    id: String(o.id),
    display_id: o.display_id == null ? null : num(o.display_id),
    status: String(o.status),
    email: str(o.email),
    currency_code: String(o.currency_code),
    created_at: iso(o.created_at),
    total: num(o.total),
    subtotal: num(o.subtotal),
    tax_total: num(o.tax_total),
    shipping_total: num(o.shipping_total),
    discount_total: num(o.discount_total),
    items: rows(o.items).map((i) => ({ ...item(i), total: num(i.total) })),
    shipping_address: address(o.shipping_address),
    billing_address: address(o.billing_address),
    payments: rows(o.payment_collections)
      .flatMap((pc) => rows(pc.payments))
      .map((p) => ({
        amount: num(p.amount),
        currency_code: String(p.currency_code),
        provider_id: String(p.provider_id),
        status: p.canceled_at ? "canceled" : p.captured_at ? "captured" : "authorized",
        captured_amount: sum(p.captures),
        refunded_amount: sum(p.refunds),
        created_at: iso(p.created_at),
      })),
  }))
}

async function carts(container: MedusaContainer, customerId: string): Promise<Doc["carts"]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart",
    fields: [
      "id",
      "email",
      "currency_code",
      "created_at",
      "updated_at",
      "completed_at",
      "items.title",
      "items.variant_sku",
      "items.quantity",
      "items.unit_price",
      ...ADDRESS("shipping_address"),
      ...ADDRESS("billing_address"),
    ],
    filters: { customer_id: customerId },
  })
  return (data as Row[]).map((c) => ({
    id: String(c.id),
    email: str(c.email),
    currency_code: String(c.currency_code),
    created_at: iso(c.created_at),
    updated_at: iso(c.updated_at),
    completed_at: isoOrNull(c.completed_at),
    items: rows(c.items).map(item),
    shipping_address: address(c.shipping_address),
    billing_address: address(c.billing_address),
  }))
}

/** Everything the shop holds about one customer, as the version-1 export document. */
export async function collectCustomerData(
  container: MedusaContainer,
  customerId: string
): Promise<Doc> {
  const customers = container.resolve(Modules.CUSTOMER)
  const c = await customers.retrieveCustomer(customerId, { relations: ["addresses"] })
  const auth = await customerAuthIdentities(container.resolve(Modules.AUTH), c.id, c.email)
  const verification = await container
    .resolve<EmailVerificationModuleService>(EMAIL_VERIFICATION_MODULE)
    .findByCustomer(c.id)
  const reviewsService = container.resolve<ReviewsModuleService>(REVIEWS_MODULE)
  const reviews = await reviewsService.listReviews({ customer_id: c.id }, { take: null })
  const votes = await reviewsService.listReviewHelpfulVotes(
    { customer_id: c.id },
    { take: null, select: ["id", "review_id", "created_at"] }
  )
  const wishlists = await container
    .resolve<WishlistModuleService>(WISHLIST_MODULE)
    .listWishlists({ customer_id: c.id }, { relations: ["items"], take: null })
  const audit = container.resolve<AuditModuleService>(AUDIT_MODULE, { allowUnregistered: true })
  const entries = audit ? await audit.listAboutSubject(c.id, c.email) : []
  const requests = await container
    .resolve<DataRightsModuleService>(DATA_RIGHTS_MODULE)
    .listErasureRequests({ customer_id: c.id }, { take: null, order: { created_at: "ASC" } })

  return {
    version: DATA_EXPORT_VERSION,
    generated_at: new Date().toISOString(),
    customer: {
      id: c.id,
      email: c.email ?? null,
      first_name: c.first_name ?? null,
      last_name: c.last_name ?? null,
      phone: c.phone ?? null,
      company_name: c.company_name ?? null,
      has_account: c.has_account,
      created_at: iso(c.created_at),
      updated_at: iso(c.updated_at),
      metadata: c.metadata ?? null,
    },
    addresses: (c.addresses ?? []).map((a) => ({
      ...address(a)!,
      id: a.id,
      address_name: a.address_name ?? null,
      is_default_shipping: a.is_default_shipping,
      is_default_billing: a.is_default_billing,
    })),
    auth_identities: auth.flatMap((identity) =>
      (identity.provider_identities ?? []).map((p) => ({
        id: identity.id,
        provider: p.provider,
        entity_id: p.entity_id,
        // provider_metadata holds the password hash (emailpass) or tokens: never exported.
        user_metadata: p.user_metadata ?? null,
        created_at: isoOrNull((identity as Row).created_at),
      }))
    ),
    email_verification: verification
      ? {
          email: verification.email,
          verified: !!verification.verified_at,
          verified_at: isoOrNull(verification.verified_at),
        }
      : null,
    orders: await orders(container, c.id),
    carts: await carts(container, c.id),
    reviews: reviews.map((r) => ({
      id: r.id,
      product_id: r.product_id,
      order_id: r.order_id ?? null,
      rating: r.rating,
      title: r.title,
      body: r.body,
      status: r.status,
      verified_purchase: r.verified_purchase,
      created_at: iso(r.created_at),
    })),
    helpful_votes: votes.map((v) => ({
      review_id: String(v.review_id),
      created_at: iso(v.created_at),
    })),
    wishlists: wishlists.map((w) => ({
      id: w.id,
      sales_channel_id: w.sales_channel_id,
      shared: !!w.share_token,
      created_at: iso(w.created_at),
      items: (w.items ?? []).map((i) => ({
        variant_id: i.variant_id,
        created_at: iso(i.created_at),
      })),
    })),
    audit_log: entries.map((e) => ({
      occurred_at: iso(e.occurred_at),
      kind: e.kind,
      action: e.action,
      actor_type: e.actor_type ?? null,
      route: e.route ?? null,
      status: e.status ?? null,
      ip: e.ip ?? null,
    })),
    erasure_requests: requests.map((r) => ({
      status: r.status,
      requested_by: r.requested_by,
      created_at: iso(r.created_at),
      execute_after: isoOrNull(r.execute_after),
      completed_at: isoOrNull(r.completed_at),
    })),
  }
}

/** Reads only: nothing to compensate. */
export const collectCustomerDataStep = createStep(
  "collect-customer-data",
  async (input: CollectCustomerDataInput, { container }) =>
    new StepResponse(await collectCustomerData(container, input.customer_id))
)
