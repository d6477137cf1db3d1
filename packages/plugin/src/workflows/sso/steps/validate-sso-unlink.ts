import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError, Modules } from "@medusajs/framework/utils"

export type ValidateSsoUnlinkInput = { customer_id: string; provider: string }

/**
 * Finds the customer's sign-in through `provider`; refuses when it is the only way left to
 * sign in to the account (a password counts as one).
 */
export const validateSsoUnlinkStep = createStep(
  "validate-sso-unlink",
  async (input: ValidateSsoUnlinkInput, { container }) => {
    const identities = await container
      .resolve(Modules.AUTH)
      .listAuthIdentities(
        { app_metadata: { customer_id: input.customer_id } },
        { relations: ["provider_identities"] }
      )
    const target = identities.find((i) =>
      i.provider_identities?.some((p) => p.provider === input.provider)
    )
    if (!target || input.provider === "emailpass") {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `No ${input.provider} sign-in is linked to your account`
      )
    }
    if (identities.length < 2) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "This is the only way to sign in to your account: add another before removing it"
      )
    }
    return new StepResponse({ auth_identity_id: target.id })
  }
)
