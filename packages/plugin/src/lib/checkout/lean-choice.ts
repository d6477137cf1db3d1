import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, validateEmail } from "@medusajs/framework/utils"
import { featureEnabled } from "../plugin-options"
import { anyHookRegistered } from "./hook-watch"
import { leanCreateCartHookedWorkflows } from "../../workflows/checkout/lean-create-cart"
import { leanAddToCartHookedWorkflows } from "../../workflows/checkout/lean-add-to-cart"
import { leanUpdateCartHookedWorkflows } from "../../workflows/checkout/lean-update-cart"
import { leanShippingMethodHookedWorkflows } from "../../workflows/checkout/add-shipping-method-lean"

/**
 * When a cart write may run its lean workflow instead of Medusa's (decisions 0231–0236,
 * 0239). One rule per write, shared by the REST route handlers and the GraphQL mutations,
 * so both doors take the same path for the same input. Each is false while the
 * `leanCheckout` feature is off or a hook handler sits on a core workflow involved.
 */

const on = (hooked: Parameters<typeof anyHookRegistered>[0]) =>
  featureEnabled("leanCheckout") && !anyHookRegistered(hooked)

/** The keys that decide; each door passes its validated body (typed by its validator). */
type CreateKeys = { items?: unknown[]; promo_codes?: unknown[]; additional_data?: unknown }

/** An empty cart: no items, no promotion codes, no `additional_data`. */
export function leanCreateCartApplies(body: object): boolean {
  const { items, promo_codes, additional_data } = body as CreateKeys
  return (
    !items?.length &&
    !promo_codes?.length &&
    additional_data === undefined &&
    on(leanCreateCartHookedWorkflows)
  )
}

/** Any item, without `additional_data`. */
export function leanAddToCartApplies(body: object): boolean {
  return (
    (body as { additional_data?: unknown }).additional_data === undefined &&
    on(leanAddToCartHookedWorkflows)
  )
}

/** One shipping option, without `additional_data`. */
export function leanAddShippingMethodApplies(
  options: readonly unknown[],
  additional: unknown
): boolean {
  return options.length === 1 && additional === undefined && on(leanShippingMethodHookedWorkflows)
}

/** The only update keys the lean path handles. */
const LEAN_UPDATE_KEYS = new Set(["email", "shipping_address", "billing_address"])

/** An address given in full (not by id, without metadata), or none. */
const plainAddress = (a: unknown) =>
  a === undefined || (typeof a === "object" && a !== null && !("id" in a) && !("metadata" in a))

/**
 * An update of the e-mail and full addresses only, on a cart we can read that is not a
 * guest cart whose e-mail belongs to a registered account: there our update-cart hooks
 * (workflows/hooks/update-cart-guest-email.ts) keep it a guest cart, and they run on
 * Medusa's workflow only.
 */
export async function leanUpdateCartApplies(
  scope: MedusaContainer,
  cartId: string,
  body: Record<string, unknown> | undefined
): Promise<boolean> {
  if (!body || typeof body !== "object") return false
  if (!on(leanUpdateCartHookedWorkflows)) return false
  for (const [key, value] of Object.entries(body)) {
    if (value !== undefined && !LEAN_UPDATE_KEYS.has(key)) return false
  }
  if (!plainAddress(body.shipping_address) || !plainAddress(body.billing_address)) return false
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart",
    fields: ["id", "email", "customer_id"],
    filters: { id: cartId },
  })
  const cart = data[0] as { email?: string | null; customer_id?: string | null } | undefined
  if (!cart) return false
  if (cart.customer_id) return true
  const email = (body.email as string | undefined) ?? cart.email
  if (!email) return true
  const registered = await scope
    .resolve(Modules.CUSTOMER)
    .listCustomers({ email: validateEmail(email), has_account: true }, { take: 1, select: ["id"] })
  return registered.length === 0
}
