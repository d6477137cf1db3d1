import crypto from "crypto"
import { MedusaError, MedusaService } from "@medusajs/framework/utils"
import { ErasureRequest } from "./models/erasure-request"

export const CONFIRMATION_TTL_HOURS = 24

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex")
}

const OPEN = ["awaiting_confirmation", "scheduled"]

class DataRightsModuleService extends MedusaService({ ErasureRequest }) {
  /** The customer's request that is still open (awaiting confirmation or scheduled), if any. */
  async openRequest(customerId: string) {
    const [row] = await this.listErasureRequests(
      { customer_id: customerId, status: OPEN },
      { order: { created_at: "DESC" }, take: 1 }
    )
    return row ?? null
  }

  /** True once the customer was erased: their old tokens and sessions must stop working. */
  async isErased(customerId: string): Promise<boolean> {
    const [row] = await this.listErasureRequests(
      { customer_id: customerId, status: "completed" },
      { select: ["id"], take: 1 }
    )
    return !!row
  }

  /** Opens (or renews) a self-service request; returns the raw confirmation token once. */
  async requestByCustomer(customerId: string) {
    const token = crypto.randomBytes(32).toString("base64url")
    const data = {
      status: "awaiting_confirmation" as const,
      token_hash: hashToken(token),
      token_expires_at: new Date(Date.now() + CONFIRMATION_TTL_HOURS * 3600 * 1000),
    }
    const open = await this.openRequest(customerId)
    if (open?.status === "scheduled") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "Your erasure is already scheduled; cancel it first to request a new one"
      )
    }
    const request = open
      ? await this.updateErasureRequests({ id: open.id, ...data })
      : await this.createErasureRequests({
          customer_id: customerId,
          requested_by: "customer",
          actor_id: customerId,
          ...data,
        })
    return { token, request, previous: open }
  }

  /** Checks the confirmation token of the customer's open request (constant time). */
  async requestMatchingToken(customerId: string, token: string) {
    const open = await this.openRequest(customerId)
    const given = Buffer.from(hashToken(token))
    const stored = Buffer.from(open?.token_hash ?? "")
    const matches =
      !!open?.token_hash && given.length === stored.length && crypto.timingSafeEqual(given, stored)
    const fresh = !!open?.token_expires_at && new Date(open.token_expires_at).getTime() > Date.now()
    if (!open || open.status !== "awaiting_confirmation" || !matches || !fresh) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "The confirmation token is invalid or has expired. Request the erasure again."
      )
    }
    return open
  }

  /** Scheduled requests whose grace period is over. */
  async dueRequests(now: Date, take = 100) {
    return await this.listErasureRequests(
      { status: "scheduled", execute_after: { $lte: now } },
      { order: { execute_after: "ASC" }, take }
    )
  }
}

export default DataRightsModuleService
