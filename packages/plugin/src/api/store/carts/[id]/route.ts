import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { CreateAddressDTO, HttpTypes } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, validateEmail } from "@medusajs/framework/utils"
import { POST as corePOST } from "@medusajs/medusa/api/store/carts/[id]/route"
import { refetchCart } from "@medusajs/medusa/api/store/carts/helpers"
import { leanOrCore } from "../../../../lib/checkout/lean-route"
import { anyHookRegistered } from "../../../../lib/checkout/hook-watch"
import {
  leanUpdateCartHookedWorkflows,
  leanUpdateCartWorkflow,
} from "../../../../workflows/checkout/lean-update-cart"

type Body = HttpTypes.StoreUpdateCart & { additional_data?: Record<string, unknown> }
type Address = Exclude<HttpTypes.StoreUpdateCart["shipping_address"], string | undefined>

/** The only body keys the lean path handles; anything else goes to Medusa's handler. */
const LEAN_KEYS = new Set(["email", "shipping_address", "billing_address"])

/** An address given in full (not by id, without metadata), or none. */
const plainAddress = (a: Body["shipping_address"]): a is Address | undefined =>
  a === undefined || (typeof a === "object" && a !== null && !("id" in a) && !("metadata" in a))

/**
 * Whether Medusa's handler must run instead: a request that changes more than the e-mail
 * and the addresses (region, sales channel, promo codes, locale, metadata, additional_data),
 * a cart we cannot read, or a guest cart whose e-mail belongs to a registered account —
 * there our update-cart hooks (workflows/hooks/update-cart-guest-email.ts) keep it a guest
 * cart, and they run on Medusa's workflow only.
 */
async function needsCore(req: MedusaRequest<Body>): Promise<boolean> {
  const body = req.validatedBody
  if (!body || typeof body !== "object") return true
  if (anyHookRegistered(leanUpdateCartHookedWorkflows)) return true
  for (const [key, value] of Object.entries(body)) {
    if (value !== undefined && !LEAN_KEYS.has(key)) return true
  }
  if (!plainAddress(body.shipping_address) || !plainAddress(body.billing_address)) return true
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart",
    fields: ["id", "email", "customer_id"],
    filters: { id: req.params.id },
  })
  const cart = data[0] as { email?: string | null; customer_id?: string | null } | undefined
  if (!cart) return true
  if (cart.customer_id) return false
  const email = body.email ?? cart.email
  if (!email) return false
  const registered = await req.scope
    .resolve(Modules.CUSTOMER)
    .listCustomers({ email: validateEmail(email), has_account: true }, { take: 1, select: ["id"] })
  return registered.length > 0
}

async function leanPOST(req: MedusaRequest<Body>, res: MedusaResponse): Promise<void> {
  if (await needsCore(req)) return corePOST(req, res)
  const { email, shipping_address, billing_address } = req.validatedBody
  await leanUpdateCartWorkflow(req.scope).run({
    input: {
      id: req.params.id,
      email,
      // needsCore() let only full addresses (or none) through
      shipping_address: shipping_address as CreateAddressDTO | undefined,
      billing_address: billing_address as CreateAddressDTO | undefined,
    },
  })
  const cart = await refetchCart(req.params.id, req.scope, req.queryConfig.fields)
  res.status(200).json({ cart })
}

export const POST = leanOrCore(
  leanPOST as (req: MedusaRequest, res: MedusaResponse) => Promise<void>,
  corePOST as (req: MedusaRequest, res: MedusaResponse) => Promise<void>
)
