import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { Modules } from "@medusajs/framework/utils"
import { storefrontUrl } from "../lib/email-verification"

type PasswordResetEvent = { entity_id: string; actor_type: string; token: string }

/** Medusa emits auth.password_reset with the token; this mails it to the account. */
export default async function passwordResetMail({
  event: { data },
  container,
}: SubscriberArgs<PasswordResetEvent>) {
  const base =
    data.actor_type === "user"
      ? `${(process.env.MEDUSA_BACKEND_URL || "http://localhost:9000").replace(/\/$/, "")}/app`
      : storefrontUrl()
  let query: string
  try {
    query = `token=${encodeURIComponent(data.token)}&email=${encodeURIComponent(data.entity_id)}`
  } catch {
    // Not a deliverable address (e.g. a lone UTF-16 surrogate from a fuzzed request): no mail.
    return
  }
  const notifications = container.resolve(Modules.NOTIFICATION)
  await notifications.createNotifications({
    to: data.entity_id,
    channel: "email",
    template: "password-reset",
    data: {
      token: data.token,
      url: `${base}/reset-password?${query}`,
    },
  })
}

export const config: SubscriberConfig = {
  event: "auth.password_reset",
}
