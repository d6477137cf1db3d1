import {
  createWorkflow,
  transform,
  when,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { getPluginOptions } from "../../lib/plugin-options"
import { recordAuditStep } from "../email-verification/steps/record-audit"
import { anonymiseCartsStep } from "./steps/anonymise-carts"
import { anonymiseCustomerStep } from "./steps/anonymise-customer"
import { anonymiseOrdersStep } from "./steps/anonymise-orders"
import { completeErasureRequestStep } from "./steps/complete-erasure-request"
import { deleteAuthIdentitiesStep } from "./steps/delete-auth-identities"
import { loadErasureSubjectStep } from "./steps/load-erasure-subject"
import { purgeCustomerRecordsStep } from "./steps/purge-customer-records"
import { scrubAuditLogStep } from "./steps/scrub-audit-log"

export const CUSTOMER_ERASED_EVENT = "customer.erased"

export type EraseCustomerInput = {
  customer_id: string
  /** The scheduled request this run executes, if any. */
  request_id?: string | null
  requested_by: "customer" | "admin" | "retention"
  actor_id?: string | null
}

/**
 * Erases one customer: anonymises the customer, their orders and carts (order numbers,
 * amounts, taxes and dates stay), deletes their logins, wishlists, verification record and
 * stored mails, takes their e-mail out of the audit log, then records the erasure (without
 * the erased data) and emits `customer.erased`. Every reversible step has a compensation; the
 * irreversible deletions run last. A second run on an erased customer only completes the
 * request: nothing is emitted twice.
 */
export const eraseCustomerWorkflow = createWorkflow(
  "erase-customer",
  (input: EraseCustomerInput) => {
    const subject = loadErasureSubjectStep({ customer_id: input.customer_id })

    const erased = when({ subject }, ({ subject }) => !subject.already_erased).then(() => {
      const ids = transform({ subject }, ({ subject }) => ({ customer_id: subject.customer_id }))
      const orders = anonymiseOrdersStep(ids)
      const carts = anonymiseCartsStep(ids)
      const customer = anonymiseCustomerStep(ids)
      const audit = scrubAuditLogStep(
        transform({ subject }, ({ subject }) => ({ email: subject.email }))
      )
      const auth = deleteAuthIdentitiesStep(
        transform({ subject }, ({ subject }) => ({
          customer_id: subject.customer_id,
          email: subject.email,
        }))
      )
      const request = completeErasureRequestStep(
        transform({ input }, ({ input }) => ({
          customer_id: input.customer_id,
          request_id: input.request_id,
          requested_by: input.requested_by,
          actor_id: input.actor_id,
        }))
      )
      const purged = purgeCustomerRecordsStep(
        transform({ subject }, ({ subject }) => ({
          customer_id: subject.customer_id,
          email: subject.email,
          reviews: getPluginOptions().dataRights.reviews,
        }))
      )
      recordAuditStep(
        transform(
          { input, orders, carts, customer, audit, auth, purged },
          ({ input, orders, carts, customer, audit, auth, purged }) => ({
            kind: "admin" as const,
            action: "data_rights.customer_erased",
            actor_type: input.requested_by === "admin" ? "user" : input.requested_by,
            actor_id: input.actor_id ?? null,
            target_id: input.customer_id,
            // Counts only: the entry must not bring back what was erased.
            metadata: {
              requested_by: input.requested_by,
              orders: orders.orders,
              carts: carts.carts,
              addresses: customer.addresses,
              auth_identities: auth.auth_identities,
              audit_entries: audit.audit_entries,
              ...purged,
            },
          })
        )
      )
      emitEventStep({
        eventName: CUSTOMER_ERASED_EVENT,
        data: transform({ input }, ({ input }) => ({
          id: input.customer_id,
          requested_by: input.requested_by,
        })),
      })
      return request
    })

    // Already erased: a scheduled request for them is simply completed (idempotence).
    const again = when({ subject }, ({ subject }) => subject.already_erased).then(() =>
      completeErasureRequestStep(
        transform({ input }, ({ input }) => ({
          customer_id: input.customer_id,
          request_id: input.request_id,
          requested_by: input.requested_by,
          actor_id: input.actor_id,
        }))
      ).config({ name: "complete-erasure-request-again" })
    )

    return new WorkflowResponse(
      transform({ subject, erased, again }, ({ subject, erased, again }) => ({
        customer_id: subject.customer_id,
        already_erased: subject.already_erased,
        request: erased ?? again,
      }))
    )
  }
)
