import { randomBytes } from "node:crypto"
import { Webhook } from "standardwebhooks"

/** A new endpoint secret in the Standard Webhooks format: `whsec_` + base64 of 32 random bytes. */
export function generateSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`
}

/**
 * The Standard Webhooks headers for one request. During a rotation window both secrets
 * sign: `webhook-signature` carries one `v1,<sig>` per secret, space-separated, so a
 * receiver holding either verifies.
 */
export function signedHeaders(
  msgId: string,
  body: string,
  secrets: string[],
  at: Date = new Date()
): Record<string, string> {
  const signatures = secrets.map((secret) => new Webhook(secret).sign(msgId, at, body))
  return {
    "webhook-id": msgId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  }
}
