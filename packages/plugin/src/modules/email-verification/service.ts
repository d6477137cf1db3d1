import crypto from "crypto"
import { MedusaError, MedusaService } from "@medusajs/framework/utils"
import { EmailVerification } from "./models/email-verification"

export const TOKEN_TTL_HOURS = 48

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex")
}

class EmailVerificationModuleService extends MedusaService({ EmailVerification }) {
  async findByCustomer(customerId: string) {
    const [row] = await this.listEmailVerifications({ customer_id: customerId })
    return row ?? null
  }

  /** Creates (or replaces) the pending token for a customer; returns the raw token once. */
  async issueToken(customerId: string, email: string) {
    const token = crypto.randomBytes(32).toString("base64url")
    const data = {
      email,
      token_hash: hashToken(token),
      token_expires_at: new Date(Date.now() + TOKEN_TTL_HOURS * 3600 * 1000),
    }
    const existing = await this.findByCustomer(customerId)
    // A changed e-mail address must be verified again.
    const verifiedAt = existing && existing.email === email ? existing.verified_at : null
    const row = existing
      ? await this.updateEmailVerifications({ id: existing.id, ...data, verified_at: verifiedAt })
      : await this.createEmailVerifications({ customer_id: customerId, ...data })
    return { token, verification: row, previous: existing }
  }

  /** Records `email` as verified without a token: the identity provider verified it. */
  async markVerified(customerId: string, email: string) {
    const existing = await this.findByCustomer(customerId)
    const data = { email, verified_at: new Date(), token_hash: null, token_expires_at: null }
    return existing
      ? await this.updateEmailVerifications({ id: existing.id, ...data })
      : await this.createEmailVerifications({ customer_id: customerId, ...data })
  }

  /** Marks the customer verified when the token matches and has not expired. */
  async confirm(customerId: string, token: string) {
    const row = await this.findByCustomer(customerId)
    const given = Buffer.from(hashToken(token))
    const stored = Buffer.from(row?.token_hash ?? "")
    const matches =
      !!row?.token_hash && given.length === stored.length && crypto.timingSafeEqual(given, stored)
    const fresh = !!row?.token_expires_at && new Date(row.token_expires_at).getTime() > Date.now()
    if (!row || !matches || !fresh) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "The verification token is invalid or has expired. Request a new one."
      )
    }
    return await this.updateEmailVerifications({
      id: row.id,
      verified_at: new Date(),
      token_hash: null,
      token_expires_at: null,
    })
  }
}

export default EmailVerificationModuleService
