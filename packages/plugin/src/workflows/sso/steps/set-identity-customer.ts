import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"

export type SetIdentityCustomerInput = { auth_identity_id: string; customer_id: string | null }

/**
 * Points an auth identity at a customer, or (null) removes the link. Removing deletes the
 * key, so the identity can be linked again later (Medusa's setAuthAppMetadataStep keeps a
 * null and then refuses to set it).
 */
export const setIdentityCustomerStep = createStep(
  "set-sso-identity-customer",
  async (input: SetIdentityCustomerInput, { container }) => {
    const auth = container.resolve(Modules.AUTH)
    const identity = await auth.retrieveAuthIdentity(input.auth_identity_id)
    const appMetadata: Record<string, unknown> = { ...(identity.app_metadata ?? {}) }
    const previous = appMetadata.customer_id
    if (input.customer_id === null) delete appMetadata.customer_id
    else appMetadata.customer_id = input.customer_id
    await auth.updateAuthIdentities({ id: identity.id, app_metadata: appMetadata })
    return new StepResponse(identity.id, { id: identity.id, previous })
  },
  async (undo, { container }) => {
    if (!undo) return
    const auth = container.resolve(Modules.AUTH)
    const identity = await auth.retrieveAuthIdentity(undo.id)
    const appMetadata: Record<string, unknown> = { ...(identity.app_metadata ?? {}) }
    if (undo.previous === undefined) delete appMetadata.customer_id
    else appMetadata.customer_id = undo.previous
    await auth.updateAuthIdentities({ id: undo.id, app_metadata: appMetadata })
  }
)
