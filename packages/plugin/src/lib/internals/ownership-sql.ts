import type { MedusaContainer, ModuleImplementations } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/**
 * The store ownership checks (api/middlewares/security-ownership.ts) run on
 * every cart, order and payment-collection request. Through `query.graph` one
 * lookup crosses the cart→customer link: two module queries and entity
 * hydration, 8–14 ms on a loaded machine; as one SQL join it is ~0.6 ms
 * (decision 0130). The SQL reads the tables of Medusa's cart, order, payment
 * and customer modules and their link table, which are Medusa internals: they
 * live here only, and `OWNERSHIP_SCHEMA` lists every table and column used so
 * the tripwire in integration-tests/http/security-ownership.spec.ts fails
 * loudly when a Medusa upgrade renames one.
 *
 * Soft-deleted rows count as absent, as they do for `query.graph` (which adds
 * `deleted_at IS NULL` for every entity and link it reads).
 */

/** Every table and column the statements below read. */
export const OWNERSHIP_SCHEMA: Record<string, string[]> = {
  cart: ["id", "customer_id", "deleted_at"],
  order: ["id", "customer_id", "deleted_at"],
  customer: ["id", "email", "has_account", "deleted_at"],
  payment_collection: ["id", "deleted_at"],
  cart_payment_collection: ["cart_id", "payment_collection_id", "deleted_at"],
}

const ownerSql = (table: "cart" | "order") => `
  select t.id, t.customer_id, coalesce(cu.has_account, false) as has_account
    from "${table}" t
    left join customer cu on cu.id = t.customer_id and cu.deleted_at is null
   where t.id = ? and t.deleted_at is null
   limit 1`

/** A cart or order with its customer's has_account (false for guests and deleted customers). */
export const OWNER_SQL = { cart: ownerSql("cart"), order: ownerSql("order") }

/** A payment collection, the (live) cart it belongs to, and that cart's owner. */
export const PAYMENT_COLLECTION_OWNER_SQL = `
  select pc.id, c.id as cart_id, c.customer_id, coalesce(cu.has_account, false) as has_account
    from payment_collection pc
    left join cart_payment_collection cpc
           on cpc.payment_collection_id = pc.id and cpc.deleted_at is null
    left join cart c on c.id = cpc.cart_id and c.deleted_at is null
    left join customer cu on cu.id = c.customer_id and cu.deleted_at is null
   where pc.id = ? and pc.deleted_at is null
   limit 1`

/** Whether a registered customer (has_account) owns this (already lower-cased) e-mail. */
export const REGISTERED_EMAIL_SQL = `
  select 1 as found
    from customer
   where email = ? and has_account = true and deleted_at is null
   limit 1`

type Pg = ModuleImplementations[typeof ContainerRegistrationKeys.PG_CONNECTION]

export type OwnerRecord = { id: string; customerId: string | null; hasAccount: boolean }
export type PaymentCollectionOwner = { id: string; cart?: OwnerRecord }

type OwnerSqlRow = { id: string; customer_id: string | null; has_account: boolean }
type PaymentCollectionSqlRow = OwnerSqlRow & { cart_id: string | null }

async function rowsOf<T>(scope: MedusaContainer, sql: string, id: string): Promise<T[]> {
  const pg: Pg = scope.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const result: { rows: T[] } = await pg.raw(sql, [id])
  return result.rows
}

export async function selectOwner(
  scope: MedusaContainer,
  entity: "cart" | "order",
  id: string
): Promise<OwnerRecord | undefined> {
  const [row] = await rowsOf<OwnerSqlRow>(scope, OWNER_SQL[entity], id)
  if (!row) return undefined
  return { id: row.id, customerId: row.customer_id, hasAccount: row.has_account === true }
}

export async function selectPaymentCollectionOwner(
  scope: MedusaContainer,
  id: string
): Promise<PaymentCollectionOwner | undefined> {
  const [row] = await rowsOf<PaymentCollectionSqlRow>(scope, PAYMENT_COLLECTION_OWNER_SQL, id)
  if (!row) return undefined
  if (!row.cart_id) return { id: row.id }
  return {
    id: row.id,
    cart: { id: row.cart_id, customerId: row.customer_id, hasAccount: row.has_account === true },
  }
}

export async function isRegisteredEmail(scope: MedusaContainer, email: string): Promise<boolean> {
  const rows = await rowsOf<{ found: number }>(scope, REGISTERED_EMAIL_SQL, email)
  return rows.length > 0
}
