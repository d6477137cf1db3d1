import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { isAnonymisedEmail } from "../lib/data-rights"
import { featureEnabled, getPluginOptions } from "../lib/plugin-options"
import { anonymiseAbandonedCartsWorkflow } from "../workflows/data-rights/anonymise-abandoned-carts"
import { eraseCustomerWorkflow } from "../workflows/data-rights/erase-customer"

const DAY = 24 * 3600 * 1000
const BATCH = 200

type Row = Record<string, unknown>
const hasPersonalData = (a: unknown) =>
  !!a &&
  typeof a === "object" &&
  ["first_name", "last_name", "address_1", "phone"].some((f) => (a as Row)[f])

/** Guests (no account) untouched since the cutoff and without a newer order. */
async function staleGuests(container: MedusaContainer, cutoff: Date): Promise<string[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const ids: string[] = []
  for (let skip = 0; ; skip += BATCH) {
    const { data } = await query.graph({
      entity: "customer",
      fields: ["id", "email", "metadata"],
      filters: { has_account: false, updated_at: { $lt: cutoff } },
      pagination: { skip, take: BATCH, order: { id: "ASC" } },
    })
    const rows = data as { id: string; email: string | null; metadata?: Row | null }[]
    ids.push(
      ...rows.filter((c) => !c.metadata?.erased_at && !isAnonymisedEmail(c.email)).map((c) => c.id)
    )
    if (rows.length < BATCH) break
  }
  if (!ids.length) return ids
  const { data: recent } = await query.graph({
    entity: "order",
    fields: ["customer_id"],
    filters: { customer_id: ids, created_at: { $gte: cutoff } },
  })
  const active = new Set((recent as { customer_id: string }[]).map((o) => o.customer_id))
  return ids.filter((id) => !active.has(id))
}

/** Carts never completed, untouched since the cutoff, still holding an e-mail or address. */
async function staleCarts(container: MedusaContainer, cutoff: Date): Promise<string[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const ids: string[] = []
  const fields = ["first_name", "last_name", "address_1", "phone"]
  for (let skip = 0; ; skip += BATCH) {
    const { data } = await query.graph({
      entity: "cart",
      fields: [
        "id",
        "email",
        ...fields.map((f) => `shipping_address.${f}`),
        ...fields.map((f) => `billing_address.${f}`),
      ],
      filters: { completed_at: null, updated_at: { $lt: cutoff } },
      pagination: { skip, take: BATCH, order: { id: "ASC" } },
    })
    const rows = data as Row[]
    ids.push(
      ...rows
        .filter(
          (c) =>
            (c.email && !isAnonymisedEmail(String(c.email))) ||
            hasPersonalData(c.shipping_address) ||
            hasPersonalData(c.billing_address)
        )
        .map((c) => String(c.id))
    )
    if (rows.length < BATCH) break
  }
  return ids
}

/**
 * Retention (docs/data-rights.md): anonymises guest customers and abandoned carts older than
 * the ages in the plugin's `dataRights.retention` options, the way erasure does.
 */
export default async function dataRightsRetentionJob(container: MedusaContainer, now = new Date()) {
  const result = { guests: 0, carts: 0 }
  if (!featureEnabled("dataRights")) return result
  const { guestCustomerDays, abandonedCartDays } = getPluginOptions().dataRights.retention
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)

  if (guestCustomerDays) {
    const cutoff = new Date(now.getTime() - guestCustomerDays * DAY)
    for (const id of await staleGuests(container, cutoff)) {
      try {
        await eraseCustomerWorkflow(container).run({
          input: { customer_id: id, requested_by: "retention", actor_id: null },
        })
        result.guests++
      } catch (err) {
        logger.warn(`data retention: guest ${id} not anonymised: ${(err as Error).message}`)
      }
    }
  }
  if (abandonedCartDays) {
    const cutoff = new Date(now.getTime() - abandonedCartDays * DAY)
    const ids = await staleCarts(container, cutoff)
    for (let i = 0; i < ids.length; i += BATCH) {
      const { result: done } = await anonymiseAbandonedCartsWorkflow(container).run({
        input: { cart_ids: ids.slice(i, i + BATCH) },
      })
      result.carts += done.carts
    }
  }
  logger.info(`data retention: anonymised ${result.guests} guest customers, ${result.carts} carts`)
  return result
}

export const config = {
  name: "data-rights-retention",
  schedule: "43 3 * * *",
}
