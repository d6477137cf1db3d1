import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"

export type SetIdentityCustomerInput = { auth_identity_id: string; customer_id: string | null }

/**
 * Points an auth identity at a customer, or (null) removes the link. The auth module merges
 * app_metadata on update, so removing stores null (a token then has no actor); unlike Medusa's
 * setAuthAppMetadataStep this step may set a key that is null, so an unlinked sign-in can be
 * linked or used for a new account again.
 */
export const setIdentityCustomerStep = createStep(
  "set-sso-identity-customer",
  async (input: SetIdentityCustomerInput, { container }) => {
    const auth = container.resolve(Modules.AUTH)
    const identity = await auth.retrieveAuthIdentity(input.auth_identity_id)
    const appMetadata: Record<string, unknown> = { ...(identity.app_metadata ?? {}) }
    const previous = appMetadata.customer_id
    appMetadata.customer_id = input.customer_id
    await auth.updateAuthIdentities({ id: identity.id, app_metadata: appMetadata })
    return new StepResponse(identity.id, { id: identity.id, previous })
  },
  async (undo, { container }) => {
    if (!undo) return
    const auth = container.resolve(Modules.AUTH)
    const identity = await auth.retrieveAuthIdentity(undo.id)
    const appMetadata: Record<string, unknown> = { ...(identity.app_metadata ?? {}) }
    appMetadata.customer_id = undo.previous ?? null
    await auth.updateAuthIdentities({ id: undo.id, app_metadata: appMetadata })
  }
)
