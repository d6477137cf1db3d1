import type { MedusaNextFunction, MedusaResponse, MiddlewareRoute } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { isRecord, type MaybeAuthenticatedRequest } from "../../lib/http"
import {
  assertCartAccess,
  assertOrderAccess,
  assertPaymentCollectionAccess,
  registeredEmail,
} from "../../lib/security/ownership"
import { assignGuestCustomerToCartWorkflow } from "../../workflows/guest-carts/assign-guest-customer-to-cart"

/**
 * Object-level authorization for the store API (OWASP API1): the HTTP side. The rules
 * themselves live in lib/security/ownership.ts, shared with the GraphQL resolvers.
 *
 * A cart, order or payment collection whose customer has an account
 * (`has_account=true`) is visible only to that customer; everyone else gets
 * the same 404 as for an id that does not exist. Guest carts/orders stay usable
 * by id (storefront confirmation pages), and a guest cart is claimed by the
 * first logged-in customer who writes to it (or calls Medusa's
 * POST /store/carts/:id/customer), after which it is protected too.
 */

type Req = MaybeAuthenticatedRequest

function callerId(req: Req): string | undefined {
  const ctx = req.auth_context
  return ctx?.actor_type === "customer" && ctx.actor_id ? String(ctx.actor_id) : undefined
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
  await assertCartAccess(req.scope, callerId(req), id, !isTransferRoute && !isRead)
})

/** Routes that name a cart in the query string or body. */
const cartInQueryOrBody = guard(async (req) => {
  const fromQuery = req.query?.cart_id
  const fromBody = isRecord(req.body) ? req.body.cart_id : undefined
  for (const id of [fromQuery, fromBody]) {
    if (typeof id === "string") await assertCartAccess(req.scope, callerId(req), id, false)
  }
})

/** /store/payment-collections/:id/* — the collection belongs to its cart's owner. */
const paymentCollectionById = guard(async (req) => {
  await assertPaymentCollectionAccess(req.scope, callerId(req), req.params.id)
})

/** /store/orders/:id and its transfer sub-routes. */
const orderById = guard(async (req) => {
  await assertOrderAccess(req.scope, callerId(req), req.params.id)
})

/** POST /store/returns names the order in the body. */
const orderInBody = guard(async (req) => {
  const id = isRecord(req.body) ? req.body.order_id : undefined
  if (typeof id === "string") await assertOrderAccess(req.scope, callerId(req), id)
})

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
    email = await registeredEmail(
      req.scope,
      callerId(req),
      isRecord(req.body) ? req.body.email : undefined
    )
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
