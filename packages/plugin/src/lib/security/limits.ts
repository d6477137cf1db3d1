import { isRecord } from "../http"

/**
 * Resource-consumption and property-level limits for the store API (OWASP API3/API4).
 * Pure functions so the rules can be unit-tested without booting Medusa.
 */

type Env = Record<string, string | undefined>

export type SecurityLimits = {
  /** Largest `limit` a list route serves. */
  maxLimit: number
  /** Largest quantity a single cart line may have. */
  maxLineItemQuantity: number
  /** Distinct relations a `fields` parameter may expand. */
  maxFieldsRelations: number
  /** Largest JSON/urlencoded body accepted on /store and /auth (body-parser syntax). */
  bodySizeLimit: string
  /** Serialized size of a `metadata` object a shopper may store. */
  maxMetadataBytes: number
  /** Characters in one text field of a customer's saved address. */
  maxAddressFieldLength: number
}

/** An env setting that must be a positive integer (a clear error at start otherwise). */
export function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === "") return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`${name} must be a positive integer, got "${value}"`)
  }
  return n
}

export function readSecurityLimits(env: Env = process.env): SecurityLimits {
  return {
    maxLimit: positiveInt(env.STORE_MAX_LIMIT, 100, "STORE_MAX_LIMIT"),
    maxLineItemQuantity: positiveInt(env.MAX_LINE_ITEM_QUANTITY, 100, "MAX_LINE_ITEM_QUANTITY"),
    maxFieldsRelations: positiveInt(
      env.STORE_MAX_FIELDS_RELATIONS,
      15,
      "STORE_MAX_FIELDS_RELATIONS"
    ),
    bodySizeLimit: env.BODY_SIZE_LIMIT || "100kb",
    maxMetadataBytes: positiveInt(env.STORE_MAX_METADATA_BYTES, 4096, "STORE_MAX_METADATA_BYTES"),
    maxAddressFieldLength: positiveInt(
      env.STORE_MAX_ADDRESS_FIELD_LENGTH,
      255,
      "STORE_MAX_ADDRESS_FIELD_LENGTH"
    ),
  }
}

/** Returns an error message when `limit` is above the cap, otherwise undefined. */
export function checkLimit(raw: unknown, max: number): string | undefined {
  const values = Array.isArray(raw) ? raw : [raw]
  for (const value of values) {
    if (value === undefined || value === "") continue
    const n = Number(value)
    // Non-numeric values are left to the route's own validator (it answers 400).
    if (Number.isFinite(n) && n > max) {
      return `limit must be at most ${max} (got ${String(value).slice(0, 20)}); page with offset`
    }
  }
  return undefined
}

/** Negative or fractional `limit`/`offset` reach Postgres as an error; refuse them early. */
export function checkPaging(query: Record<string, unknown>): string | undefined {
  for (const name of ["limit", "offset"]) {
    const raw = query[name]
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (value === undefined || value === "" || typeof value !== "string") continue
      const n = Number(value)
      if (Number.isFinite(n) && (n < 0 || !Number.isInteger(n))) {
        return `${name} must be a non-negative integer`
      }
    }
  }
  return undefined
}

/**
 * Postgres cannot store NUL characters in text and answers such values with
 * an internal error; find the first one in a decoded path, query or body.
 */
export function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\u0000")
  if (depth > 20 || !value || typeof value !== "object") return false
  if (Array.isArray(value)) return value.some((v) => containsNul(v, depth + 1))
  return Object.entries(value).some(([k, v]) => k.includes("\u0000") || containsNul(v, depth + 1))
}

/**
 * The relations a `fields` parameter expands: `*items` and `items.*` expand
 * `items`, `+items.variant.sku` expands `items` and `items.variant`.
 */
export function expandedRelations(fields: string): Set<string> {
  const relations = new Set<string>()
  for (const token of fields.split(",")) {
    let field = token.trim().replace(/^[+-]/, "")
    if (!field) continue
    let wholeRelation = false
    if (field.startsWith("*")) {
      field = field.slice(1)
      wholeRelation = true
    }
    if (field.endsWith(".*")) {
      field = field.slice(0, -2)
      wholeRelation = true
    }
    const parts = field.split(".").filter(Boolean)
    const depth = wholeRelation ? parts.length : parts.length - 1
    for (let i = 1; i <= depth; i++) relations.add(parts.slice(0, i).join("."))
  }
  return relations
}

export function checkFields(raw: unknown, max: number): string | undefined {
  if (raw === undefined) return undefined
  const fields = (Array.isArray(raw) ? raw : [raw]).map(String).join(",")
  const relations = expandedRelations(fields)
  if (relations.size > max) {
    return `fields expands ${relations.size} relations; at most ${max} are allowed`
  }
  return undefined
}

/**
 * Body keys only the server may set. Medusa's store validators strip some of
 * these silently; we answer 400 so a client learns its price/owner is not taken.
 */
export const SERVER_OWNED_FIELDS = [
  "unit_price",
  "compare_at_unit_price",
  "is_custom_price",
  "is_tax_inclusive",
  "raw_unit_price",
  "amount",
  "total",
  "subtotal",
  "tax_total",
  "discount_total",
  "shipping_total",
  "item_total",
  "original_total",
  "customer_id",
  "has_account",
  "payment_collection_id",
  "payment_status",
  "fulfillment_status",
  "status",
  "completed_at",
  "created_at",
  "updated_at",
  "deleted_at",
  "created_by",
  "tax_lines",
  "adjustments",
] as const

const serverOwned = new Set<string>(SERVER_OWNED_FIELDS)

/** Paths (like `items[0].unit_price`) of server-owned keys in a store body. */
export function findServerOwnedFields(body: unknown): string[] {
  if (!body || typeof body !== "object" || Array.isArray(body)) return []
  const found: string[] = []
  const scan = (obj: Record<string, unknown>, prefix: string) => {
    for (const key of Object.keys(obj)) {
      if (serverOwned.has(key)) found.push(`${prefix}${key}`)
    }
  }
  const record = body as Record<string, unknown>
  scan(record, "")
  // Nested objects a shopper sends that end up as line items or addresses.
  for (const nested of ["items", "shipping_address", "billing_address"]) {
    const value = record[nested]
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        if (item && typeof item === "object" && !Array.isArray(item)) {
          scan(item as Record<string, unknown>, `${nested}[${i}].`)
        }
      })
    } else if (value && typeof value === "object") {
      scan(value as Record<string, unknown>, `${nested}.`)
    }
  }
  return found
}

/** Quantities in a store body (line item add/update, cart create items[]) above the cap. */
export function checkQuantities(body: unknown, max: number): string | undefined {
  if (!body || typeof body !== "object" || Array.isArray(body)) return undefined
  const record = body as Record<string, unknown>
  const quantities: unknown[] = [record.quantity]
  if (Array.isArray(record.items)) {
    for (const item of record.items) {
      if (isRecord(item)) quantities.push(item.quantity)
    }
  }
  for (const q of quantities) {
    if (typeof q === "number" && q > max) {
      return `quantity must be at most ${max} per line item`
    }
  }
  return undefined
}

/** Metadata objects (top level or in items[]) larger than the cap. */
export function checkMetadata(body: unknown, maxBytes: number): string | undefined {
  if (!body || typeof body !== "object" || Array.isArray(body)) return undefined
  const record = body as Record<string, unknown>
  const candidates: unknown[] = [record.metadata]
  if (Array.isArray(record.items)) {
    for (const item of record.items) {
      if (isRecord(item)) candidates.push(item.metadata)
    }
  }
  for (const address of [record.shipping_address, record.billing_address]) {
    if (isRecord(address)) candidates.push(address.metadata)
  }
  for (const metadata of candidates) {
    if (metadata && typeof metadata === "object") {
      if (Buffer.byteLength(JSON.stringify(metadata)) > maxBytes) {
        return `metadata must be at most ${maxBytes} bytes`
      }
    }
  }
  return undefined
}

/** The text fields of a customer address body (Medusa's StoreCreateCustomerAddress). */
export const ADDRESS_TEXT_FIELDS = [
  "address_name",
  "first_name",
  "last_name",
  "company",
  "address_1",
  "address_2",
  "city",
  "province",
  "postal_code",
  "country_code",
  "phone",
] as const

/**
 * A customer address body (POST /store/customers/me/addresses[/:id], GraphQL's
 * customerAddressCreate/Update) with a text field longer than the cap. Medusa's validator
 * bounds none of them, so a saved address could otherwise be as large as the body limit.
 */
export function checkAddressFields(body: unknown, maxLength: number): string | undefined {
  if (!isRecord(body)) return undefined
  for (const field of ADDRESS_TEXT_FIELDS) {
    const value = body[field]
    if (typeof value === "string" && value.length > maxLength) {
      return `${field} must be at most ${maxLength} characters`
    }
  }
  return undefined
}
