import type { MedusaNextFunction, MedusaResponse, MiddlewareRoute } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { transferCartCustomerWorkflow } from "@medusajs/medusa/core-flows"
import { isRecord, type MaybeAuthenticatedRequest } from "../../lib/http"
import {
  isRegisteredEmail,
  type OwnerRecord,
  selectOwner,
  selectPaymentCollectionOwner,
} from "../../lib/internals/ownership-sql"
import { assignGuestCustomerToCartWorkflow } from "../../workflows/guest-carts/assign-guest-customer-to-cart"

/**
 * Object-level authorization for the store API (OWASP API1).
 *
 * A cart, order or payment collection whose customer has an account
 * (`has_account=true`) is visible only to that customer; everyone else gets
 * the same 404 as for an id that does not exist. Guest carts/orders stay usable
 * by id (storefront confirmation pages), and a guest cart is claimed by the
 * first logged-in customer who writes to it (or calls Medusa's
 * POST /store/carts/:id/customer), after which it is protected too.
 */

type Owner = OwnerRecord
type Req = MaybeAuthenticatedRequest

function callerId(req: Req): string | undefined {
  const ctx = req.auth_context
  return ctx?.actor_type === "customer" && ctx.actor_id ? String(ctx.actor_id) : undefined
}

/** Same status, type and wording Medusa uses for an unknown id. */
const notFound = (entity: string, id: string) =>
  new MedusaError(MedusaError.Types.NOT_FOUND, `${entity} with id '${id}' not found`)

/**
 * Who owns a cart or an order: one SQL join with the customer's has_account
 * (lib/internals/ownership-sql.ts; query.graph across the link cost 8–14 ms).
 */
const ownerOf = (req: Req, entity: "cart" | "order", id: string): Promise<Owner | undefined> =>
  selectOwner(req.scope, entity, id)

const cartOwner = (req: Req, cartId: string) => ownerOf(req, "cart", cartId)
const orderOwner = (req: Req, orderId: string) => ownerOf(req, "order", orderId)

const isForeign = (owner: Owner, caller?: string) => owner.hasAccount && owner.customerId !== caller

/** Throws the not-found error when the cart belongs to another registered customer. */
async function assertCartAccess(req: Req, cartId: string, claim: boolean) {
  if (typeof cartId !== "string" || !cartId) return
  const owner = await cartOwner(req, cartId)
  // Unknown ids get the 404 Medusa's GET gives (some sub-routes answered 500).
  if (!owner) throw notFound("Cart", cartId)
  const caller = callerId(req)
  if (isForeign(owner, caller)) throw notFound("Cart", cartId)
  if (claim && caller && owner.customerId !== caller) {
    // A logged-in shopper using a guest cart takes it over (Medusa's own
    // transfer workflow: sets customer and e-mail, re-prices the items).
    await transferCartCustomerWorkflow(req.scope).run({
      input: { id: cartId, customer_id: caller },
    })
  }
}

async function assertOrderAccess(req: Req, orderId: string) {
  if (typeof orderId !== "string" || !orderId) return
  const owner = await orderOwner(req, orderId)
  if (!owner) return
  if (isForeign(owner, callerId(req))) throw notFound("Order", orderId)
}

type Check = (req: Req) => Promise<void>

const guard =
  (check: Check) => async (req: Req, _res: MedusaResponse, next: MedusaNextFunction) => {
    try {
      await check(req)
      next()
    } catch (e) {
      next(e)
    }
  }

/** /store/carts/:id and every sub-route (line-items, promotions, complete, ...). */
const cartById = guard(async (req) => {
  const id = req.params.id
  const isTransferRoute = /\/customer\/?$/.test((req.originalUrl || "").split("?")[0])
  // POST .../customer is Medusa's explicit claim; it runs the transfer itself.
  // GET never changes state: reading a guest cart logged in does not claim it.
  const isRead = req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS"
  await assertCartAccess(req, id, !isTransferRoute && !isRead)
})

/** Routes that name a cart in the query string or body. */
const cartInQueryOrBody = guard(async (req) => {
  const fromQuery = req.query?.cart_id
  const fromBody = isRecord(req.body) ? req.body.cart_id : undefined
  for (const id of [fromQuery, fromBody]) {
    if (typeof id === "string") await assertCartAccess(req, id, false)
  }
})

/** /store/payment-collections/:id/* — the collection belongs to its cart's owner. */
const paymentCollectionById = guard(async (req) => {
  // One query for the collection, its cart and the cart's owner.
  const row = await selectPaymentCollectionOwner(req.scope, req.params.id)
  if (!row) throw notFound("Payment collection", req.params.id)
  if (row.cart && isForeign(row.cart, callerId(req))) {
    throw notFound("Payment collection", req.params.id)
  }
})

/** /store/orders/:id and its transfer sub-routes. */
const orderById = guard(async (req) => {
  await assertOrderAccess(req, req.params.id)
})

/** POST /store/returns names the order in the body. */
const orderInBody = guard(async (req) => {
  const id = isRecord(req.body) ? req.body.order_id : undefined
  if (typeof id === "string") await assertOrderAccess(req, id)
})

/** The e-mail an anonymous cart write names, when it belongs to a registered customer. */
async function registeredEmailIn(req: Req): Promise<string | undefined> {
  if (callerId(req)) return undefined
  const email = isRecord(req.body) ? req.body.email : undefined
  if (typeof email !== "string" || !email.includes("@") || email.length > 320) return undefined
  const lower = email.toLowerCase()
  return (await isRegisteredEmail(req.scope, lower)) ? lower : undefined
}

/**
 * Medusa links a cart to the registered customer who owns its e-mail, even for
 * an anonymous shopper. Updates keep guest carts guest carts inside Medusa's
 * update workflow (src/workflows/hooks/update-cart-guest-email.ts). On creation
 * the workflow cannot tell an anonymous creator from the account holder (both
 * arrive as that customer), so the cart is created without the e-mail here and
 * then given the guest record.
 */
async function guestCartOnCreate(req: Req, res: MedusaResponse, next: MedusaNextFunction) {
  let email: string | undefined
  try {
    email = await registeredEmailIn(req)
  } catch (e) {
    return next(e)
  }
  if (!email) return next()
  for (const body of [req.body, req.validatedBody]) {
    if (body && typeof body === "object") Reflect.deleteProperty(body, "email")
  }
  const send = res.json.bind(res)
  res.json = ((payload: unknown) => {
    const cart = isRecord(payload) ? payload.cart : undefined
    const cartId = isRecord(cart) ? cart.id : undefined
    if (res.statusCode >= 300 || !isRecord(payload) || typeof cartId !== "string") {
      return send(payload)
    }
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    assignGuestCustomerToCartWorkflow(req.scope)
      .run({ input: { cart_id: cartId, email } })
      .then(() =>
        query.graph({
          entity: "cart",
          fields: req.queryConfig?.fields ?? ["id", "email", "customer_id"],
          filters: { id: cartId },
        })
      )
      .then(({ data }) => send({ ...payload, cart: data[0] }), next)
    return res
  }) as MedusaResponse["json"]
  next()
}

export const securityOwnershipMiddlewares: MiddlewareRoute[] = [
  { matcher: "/store/carts", methods: ["POST"], middlewares: [guestCartOnCreate] },
  // Without a method Medusa mounts these with app.use: they see the resource
  // and every path below it, including sub-routes added later.
  { matcher: "/store/carts/:id", middlewares: [cartById] },
  { matcher: "/store/orders/:id", middlewares: [orderById] },
  { matcher: "/store/payment-collections/:id", middlewares: [paymentCollectionById] },
  { matcher: "/store/payment-collections", methods: ["POST"], middlewares: [cartInQueryOrBody] },
  { matcher: "/store/shipping-options", methods: ["GET"], middlewares: [cartInQueryOrBody] },
  {
    matcher: "/store/shipping-options/:id/calculate",
    methods: ["POST"],
    middlewares: [cartInQueryOrBody],
  },
  { matcher: "/store/returns", methods: ["POST"], middlewares: [orderInBody] },
]
