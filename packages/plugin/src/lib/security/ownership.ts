import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { transferCartCustomerWorkflow } from "@medusajs/medusa/core-flows"
import {
  isRegisteredEmail,
  type OwnerRecord,
  selectOwner,
  selectPaymentCollectionOwner,
} from "../internals/ownership-sql"

/**
 * Object-level authorization for the store API (OWASP API1), shared by the REST
 * middleware (api/middlewares/security-ownership.ts) and the GraphQL resolvers
 * (lib/graphql): one implementation, called with the request's container and the
 * caller's customer id (undefined for anonymous callers).
 *
 * A cart, order or payment collection whose customer has an account
 * (`has_account=true`) is visible only to that customer; everyone else gets
 * the same 404 as for an id that does not exist. Guest carts/orders stay usable
 * by id (storefront confirmation pages), and a guest cart is claimed by the
 * first logged-in customer who writes to it (or calls Medusa's
 * POST /store/carts/:id/customer), after which it is protected too.
 */

type Owner = OwnerRecord
type Scope = MedusaContainer

/** Same status, type and wording Medusa uses for an unknown id. */
export const notFound = (entity: string, id: string) =>
  new MedusaError(MedusaError.Types.NOT_FOUND, `${entity} with id '${id}' not found`)

/**
 * Who owns a cart or an order: one SQL join with the customer's has_account
 * (lib/internals/ownership-sql.ts; query.graph across the link cost 8–14 ms).
 */
const ownerOf = (scope: Scope, entity: "cart" | "order", id: string) =>
  selectOwner(scope, entity, id)

const cartOwner = (scope: Scope, cartId: string) => ownerOf(scope, "cart", cartId)
const orderOwner = (scope: Scope, orderId: string) => ownerOf(scope, "order", orderId)

export const isForeign = (owner: Owner, caller?: string) =>
  owner.hasAccount && owner.customerId !== caller

/** Throws the not-found error when the cart belongs to another registered customer. */
export async function assertCartAccess(
  scope: Scope,
  caller: string | undefined,
  cartId: string,
  claim: boolean
) {
  if (typeof cartId !== "string" || !cartId) return
  const owner = await cartOwner(scope, cartId)
  // Unknown ids get the 404 Medusa's GET gives (some sub-routes answered 500).
  if (!owner) throw notFound("Cart", cartId)
  if (isForeign(owner, caller)) throw notFound("Cart", cartId)
  if (claim && caller && owner.customerId !== caller) {
    // A logged-in shopper using a guest cart takes it over (Medusa's own
    // transfer workflow: sets customer and e-mail, re-prices the items).
    await transferCartCustomerWorkflow(scope).run({
      input: { id: cartId, customer_id: caller },
    })
  }
}

export async function assertOrderAccess(scope: Scope, caller: string | undefined, orderId: string) {
  if (typeof orderId !== "string" || !orderId) return
  const owner = await orderOwner(scope, orderId)
  if (!owner) return
  if (isForeign(owner, caller)) throw notFound("Order", orderId)
}

/** A payment collection belongs to its cart's owner. */
export async function assertPaymentCollectionAccess(
  scope: Scope,
  caller: string | undefined,
  id: string
) {
  // One query for the collection, its cart and the cart's owner.
  const row = await selectPaymentCollectionOwner(scope, id)
  if (!row) throw notFound("Payment collection", id)
  if (row.cart && isForeign(row.cart, caller)) throw notFound("Payment collection", id)
}

/** The e-mail an anonymous cart write names, when it belongs to a registered customer. */
export async function registeredEmail(
  scope: Scope,
  caller: string | undefined,
  email: unknown
): Promise<string | undefined> {
  if (caller) return undefined
  if (typeof email !== "string" || !email.includes("@") || email.length > 320) return undefined
  const lower = email.toLowerCase()
  return (await isRegisteredEmail(scope, lower)) ? lower : undefined
}
