/** The query.graph rows the resolvers read, and their GraphQL shapes. */
export type PriceRow = {
  calculated_amount?: number | null
  original_amount?: number | null
  currency_code?: string | null
  calculated_price?: { price_list_type?: string | null } | null
}

export type VariantRow = {
  id: string
  title?: string | null
  sku?: string | null
  manage_inventory?: boolean | null
  allow_backorder?: boolean | null
  options?: { value: string; option?: { title?: string | null } | null }[] | null
  calculated_price?: PriceRow | null
}

export type CategoryRow = {
  id: string
  name: string
  handle: string
  description?: string | null
  parent_category_id?: string | null
}

export type CollectionRow = { id: string; title: string; handle: string }

export type ProductRow = {
  id: string
  title: string
  subtitle?: string | null
  description?: string | null
  handle: string
  thumbnail?: string | null
  collection?: CollectionRow | null
  categories?: CategoryRow[] | null
  options?: { id: string; title: string; values?: { value: string }[] | null }[] | null
  variants?: VariantRow[] | null
}

export type AddressRow = {
  id?: string | null
  first_name?: string | null
  last_name?: string | null
  company?: string | null
  address_1?: string | null
  address_2?: string | null
  city?: string | null
  postal_code?: string | null
  province?: string | null
  country_code?: string | null
  phone?: string | null
  address_name?: string | null
  is_default_shipping?: boolean | null
  is_default_billing?: boolean | null
}

export type LineItemRow = {
  id: string
  title: string
  variant_id?: string | null
  product_id?: string | null
  quantity: number
  unit_price: number
  total: number
}

export type PaymentCollectionRow = {
  id: string
  amount: number
  currency_code: string
  status: string
  payment_sessions?: { id: string; provider_id: string; status: string; amount: number }[] | null
}

export type CartRow = {
  id: string
  email?: string | null
  currency_code: string
  region_id?: string | null
  customer_id?: string | null
  completed_at?: Date | string | null
  items?: LineItemRow[] | null
  shipping_methods?:
    { id: string; name: string; amount: number; shipping_option_id?: string | null }[] | null
  shipping_address?: AddressRow | null
  billing_address?: AddressRow | null
  promotions?: { code?: string | null }[] | null
  subtotal: number
  discount_total: number
  shipping_total: number
  tax_total: number
  total: number
  payment_collection?: PaymentCollectionRow | null
}

export type OrderRow = {
  id: string
  display_id?: number | null
  email?: string | null
  status: string
  currency_code: string
  customer_id?: string | null
  items?: LineItemRow[] | null
  shipping_address?: AddressRow | null
  subtotal: number
  shipping_total: number
  tax_total: number
  discount_total: number
  total: number
  created_at: Date | string
}

export type CustomerRow = {
  id: string
  email: string
  first_name?: string | null
  last_name?: string | null
  phone?: string | null
  has_account: boolean
  addresses?: AddressRow[] | null
}

export const iso = (d: Date | string | null | undefined) =>
  d == null ? null : new Date(d).toISOString()

export const address = (a: AddressRow | null | undefined) =>
  a
    ? {
        id: a.id ?? null,
        firstName: a.first_name ?? null,
        lastName: a.last_name ?? null,
        company: a.company ?? null,
        address1: a.address_1 ?? null,
        address2: a.address_2 ?? null,
        city: a.city ?? null,
        postalCode: a.postal_code ?? null,
        province: a.province ?? null,
        countryCode: a.country_code ?? null,
        phone: a.phone ?? null,
        addressName: a.address_name ?? null,
        isDefaultShipping: a.is_default_shipping ?? null,
        isDefaultBilling: a.is_default_billing ?? null,
      }
    : null

export const lineItem = (i: LineItemRow) => ({
  id: i.id,
  title: i.title,
  variantId: i.variant_id ?? null,
  productId: i.product_id ?? null,
  quantity: Number(i.quantity),
  unitPrice: Number(i.unit_price),
  total: Number(i.total),
})

export const paymentCollection = (p: PaymentCollectionRow | null | undefined) =>
  p
    ? {
        id: p.id,
        amount: Number(p.amount),
        currencyCode: p.currency_code,
        status: p.status,
        paymentSessions: (p.payment_sessions ?? []).map((s) => ({
          id: s.id,
          providerId: s.provider_id,
          status: s.status,
          amount: Number(s.amount),
        })),
      }
    : null

export const cart = (c: CartRow) => ({
  id: c.id,
  email: c.email ?? null,
  currencyCode: c.currency_code,
  regionId: c.region_id ?? null,
  customerId: c.customer_id ?? null,
  items: (c.items ?? []).map(lineItem),
  shippingMethods: (c.shipping_methods ?? []).map((m) => ({
    id: m.id,
    name: m.name,
    amount: Number(m.amount),
    shippingOptionId: m.shipping_option_id ?? null,
  })),
  shippingAddress: address(c.shipping_address),
  billingAddress: address(c.billing_address),
  promotionCodes: (c.promotions ?? []).flatMap((p) => (p.code ? [p.code] : [])),
  subtotal: Number(c.subtotal),
  discountTotal: Number(c.discount_total),
  shippingTotal: Number(c.shipping_total),
  taxTotal: Number(c.tax_total),
  total: Number(c.total),
  paymentCollection: paymentCollection(c.payment_collection),
  completedAt: iso(c.completed_at),
})

export const order = (o: OrderRow) => ({
  id: o.id,
  displayId: o.display_id ?? null,
  email: o.email ?? null,
  status: o.status,
  currencyCode: o.currency_code,
  customerId: o.customer_id ?? null,
  items: (o.items ?? []).map(lineItem),
  shippingAddress: address(o.shipping_address),
  subtotal: Number(o.subtotal),
  shippingTotal: Number(o.shipping_total),
  taxTotal: Number(o.tax_total),
  discountTotal: Number(o.discount_total),
  total: Number(o.total),
  createdAt: iso(o.created_at),
})

export const customer = (c: CustomerRow) => ({
  id: c.id,
  email: c.email,
  firstName: c.first_name ?? null,
  lastName: c.last_name ?? null,
  phone: c.phone ?? null,
  hasAccount: !!c.has_account,
  addresses: (c.addresses ?? []).map(address),
})

export const CART_FIELDS = [
  "id",
  "email",
  "currency_code",
  "region_id",
  "customer_id",
  "completed_at",
  "subtotal",
  "discount_total",
  "shipping_total",
  "tax_total",
  "total",
  "items.id",
  "items.title",
  "items.variant_id",
  "items.product_id",
  "items.quantity",
  "items.unit_price",
  "items.total",
  "shipping_methods.id",
  "shipping_methods.name",
  "shipping_methods.amount",
  "shipping_methods.shipping_option_id",
  "shipping_address.*",
  "billing_address.*",
  "promotions.code",
  "payment_collection.id",
  "payment_collection.amount",
  "payment_collection.currency_code",
  "payment_collection.status",
  "payment_collection.payment_sessions.id",
  "payment_collection.payment_sessions.provider_id",
  "payment_collection.payment_sessions.status",
  "payment_collection.payment_sessions.amount",
]

export const ORDER_FIELDS = [
  "id",
  "display_id",
  "email",
  "status",
  "currency_code",
  "customer_id",
  "created_at",
  "subtotal",
  "shipping_total",
  "tax_total",
  "discount_total",
  "total",
  "items.id",
  "items.title",
  "items.variant_id",
  "items.product_id",
  "items.quantity",
  "items.unit_price",
  "items.total",
  "shipping_address.*",
]

export const PAYMENT_COLLECTION_FIELDS = [
  "id",
  "amount",
  "currency_code",
  "status",
  "payment_sessions.id",
  "payment_sessions.provider_id",
  "payment_sessions.status",
  "payment_sessions.amount",
]
