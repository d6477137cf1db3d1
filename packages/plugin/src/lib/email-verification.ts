import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { EMAIL_VERIFICATION_MODULE } from "../modules/email-verification"
import type EmailVerificationModuleService from "../modules/email-verification/service"

export type VerificationStatus = {
  customer_id: string
  email: string | null
  verified: boolean
  verified_at: Date | null
}

export function requireVerifiedEmailForCheckout(): boolean {
  return process.env.REQUIRE_VERIFIED_EMAIL_FOR_CHECKOUT === "true"
}

export async function verificationStatus(
  scope: MedusaContainer,
  customerId: string
): Promise<VerificationStatus> {
  const service = scope.resolve<EmailVerificationModuleService>(EMAIL_VERIFICATION_MODULE)
  const row = await service.findByCustomer(customerId)
  return {
    customer_id: customerId,
    email: row?.email ?? null,
    verified: !!row?.verified_at,
    verified_at: row?.verified_at ?? null,
  }
}

/**
 * With REQUIRE_VERIFIED_EMAIL_FOR_CHECKOUT=true a cart that belongs to a
 * registered customer completes only once that customer verified the e-mail.
 * Guest carts are not affected.
 */
export async function assertCartCheckoutAllowed(scope: MedusaContainer, cartId: string) {
  if (!requireVerifiedEmailForCheckout()) return
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart",
    fields: ["id", "customer.id", "customer.has_account"],
    filters: { id: cartId },
  })
  const customer = (data[0] as any)?.customer
  if (!customer?.has_account) return
  const status = await verificationStatus(scope, customer.id)
  if (!status.verified) {
    throw new MedusaError(
      MedusaError.Types.FORBIDDEN,
      "Verify your e-mail address before completing checkout: use the token we mailed you (or request a new one)."
    )
  }
}

/** Where links in mails point to; the token also works when pasted. */
export function storefrontUrl(): string {
  return (process.env.STOREFRONT_URL || "http://localhost:8000").replace(/\/$/, "")
}
