import type { MedusaContainer } from "@medusajs/framework/types"
import { DATA_RIGHTS_MODULE } from "../modules/data-rights"
import type DataRightsModuleService from "../modules/data-rights/service"
import { getPluginOptions } from "./plugin-options"

/** The domain every anonymised e-mail address uses (RFC 2606: never delivered). */
export const ERASED_EMAIL_DOMAIN = "erased.invalid"

/**
 * The address an erased customer, their orders and carts get: unique per customer (Medusa's
 * unique index on customer e-mails), derived from the id only, so it says nothing about them.
 */
export function anonymisedEmail(customerId: string): string {
  return `erased-${customerId.toLowerCase()}@${ERASED_EMAIL_DOMAIN}`
}

export function isAnonymisedEmail(email: string | null | undefined): boolean {
  return !!email && email.endsWith(`@${ERASED_EMAIL_DOMAIN}`)
}

/**
 * What an anonymised address keeps: the country and province (tax jurisdiction of the
 * amounts we keep); everything that locates or names a person is cleared.
 */
export const BLANK_ADDRESS = {
  first_name: null,
  last_name: null,
  company: null,
  address_1: null,
  address_2: null,
  city: null,
  postal_code: null,
  phone: null,
  metadata: null,
} as const

/** The address fields a blanked address is compared and restored by. */
export const ADDRESS_FIELDS = Object.keys(BLANK_ADDRESS) as (keyof typeof BLANK_ADDRESS)[]

/** An order or cart address as read, reduced to what blanking changes (for compensation). */
export type BlankableAddress = { id: string } & Partial<
  Record<(typeof ADDRESS_FIELDS)[number], unknown>
>

export function pickAddress(a: BlankableAddress): BlankableAddress {
  const out: BlankableAddress = { id: a.id }
  for (const f of ADDRESS_FIELDS) out[f] = a[f] ?? null
  return out
}

/** The shipping and billing addresses of orders or carts, those that exist. */
export function addressesOf(
  rows: { shipping_address?: BlankableAddress | null; billing_address?: BlankableAddress | null }[]
): BlankableAddress[] {
  return rows
    .flatMap((r) => [r.shipping_address, r.billing_address])
    .filter((a): a is BlankableAddress => !!a?.id)
}

export function gracePeriodMs(): number {
  return getPluginOptions().dataRights.gracePeriodHours * 3600 * 1000
}

export async function isCustomerErased(
  scope: MedusaContainer,
  customerId: string
): Promise<boolean> {
  const service = scope.resolve<DataRightsModuleService>(DATA_RIGHTS_MODULE)
  return await service.isErased(customerId)
}

/** A scheduled request whose grace period is over. */
export function isDue(request: { execute_after: Date | string | null }, now = Date.now()): boolean {
  return !!request.execute_after && new Date(request.execute_after).getTime() <= now
}
