import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import type { AuthIdentityDTO, IAuthModuleService } from "@medusajs/framework/types"

export type DeleteAuthIdentitiesInput = { customer_id: string; email: string | null }

/** The customer's auth identities: linked by app_metadata, or an e-mail login for their address. */
export async function customerAuthIdentities(
  auth: IAuthModuleService,
  customerId: string,
  email: string | null
): Promise<AuthIdentityDTO[]> {
  const relations = { relations: ["provider_identities"] }
  const linked = await auth.listAuthIdentities(
    { app_metadata: { customer_id: customerId } },
    relations
  )
  const byEmail = email
    ? await auth.listAuthIdentities(
        { provider_identities: { entity_id: email, provider: "emailpass" } },
        relations
      )
    : []
  const all = new Map<string, AuthIdentityDTO>()
  for (const identity of [...linked, ...byEmail]) {
    // An e-mail login that belongs to another actor only (an admin user with the same address) stays.
    const meta = identity.app_metadata ?? {}
    const otherActor = !meta.customer_id && Object.keys(meta).some((k) => k.endsWith("_id"))
    if (meta.customer_id && meta.customer_id !== customerId) continue
    if (otherActor) continue
    all.set(identity.id, identity)
  }
  return [...all.values()]
}

/**
 * Deletes the customer's logins (e-mail/password and social), so the old credentials stop
 * working and the address can register anew. Compensation recreates them as they were.
 */
export const deleteAuthIdentitiesStep = createStep(
  "delete-customer-auth-identities",
  async (input: DeleteAuthIdentitiesInput, { container }) => {
    const auth = container.resolve(Modules.AUTH)
    const identities = await customerAuthIdentities(auth, input.customer_id, input.email)
    if (identities.length) await auth.deleteAuthIdentities(identities.map((i) => i.id))
    return new StepResponse({ auth_identities: identities.length }, identities)
  },
  async (identities, { container }) => {
    if (!identities?.length) return
    const auth = container.resolve(Modules.AUTH)
    await auth.createAuthIdentities(
      identities.map((i) => ({
        id: i.id,
        app_metadata: i.app_metadata,
        provider_identities: (i.provider_identities ?? []).map((p) => ({
          provider: p.provider,
          entity_id: p.entity_id,
          provider_metadata: p.provider_metadata,
          user_metadata: p.user_metadata,
        })),
      }))
    )
  }
)
