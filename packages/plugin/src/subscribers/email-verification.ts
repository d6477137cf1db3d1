import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { sendEmailVerificationWorkflow } from "../workflows/email-verification/send-email-verification"
import { featureEnabled } from "../lib/plugin-options"
import { verificationStatus } from "../lib/email-verification"

/** Mails a verification token to every customer who registers an account. */
export default async function emailVerificationOnCustomerCreated({
  event: { data },
  container,
}: SubscriberArgs<{ id: string }>) {
  if (!featureEnabled("emailVerification")) return
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: customers } = await query.graph({
    entity: "customer",
    fields: ["id", "has_account"],
    filters: { id: data.id },
  })
  // Guests (an e-mail set on a cart) have no account to verify.
  if (!customers[0]?.has_account) return
  // Signed up through an identity provider that verified the address: nothing to confirm.
  if ((await verificationStatus(container, data.id)).verified) return
  await sendEmailVerificationWorkflow(container).run({ input: { customer_id: data.id } })
}

export const config: SubscriberConfig = {
  event: "customer.created",
}
