import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import {
  clearPaymentSessionContexts,
  deleteNotificationsTo,
  deleteWorkflowExecutionsMentioning,
} from "../../../lib/internals/erasure-records"
import { EMAIL_VERIFICATION_MODULE } from "../../../modules/email-verification"
import type EmailVerificationModuleService from "../../../modules/email-verification/service"
import { REVIEWS_MODULE } from "../../../modules/reviews"
import type ReviewsModuleService from "../../../modules/reviews/service"
import { WISHLIST_MODULE } from "../../../modules/wishlist"
import type WishlistModuleService from "../../../modules/wishlist/service"

export type PurgeCustomerRecordsInput = {
  customer_id: string
  email: string | null
  /** "delete" removes the customer's reviews; "anonymise" keeps them as "Former customer". */
  reviews: "anonymise" | "delete"
}

type Row = Record<string, unknown>
const list = (v: unknown): Row[] => (Array.isArray(v) ? (v as Row[]) : v ? [v as Row] : [])
const ids = (rows: Row[], key: string) => rows.flatMap((r) => list(r[key])).map((r) => String(r.id))

/** The ids Medusa's payment and workflow records know the customer by. */
async function paymentAndCartIds(container: MedusaContainer, customerId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: customers } = await query.graph({
    entity: "customer",
    fields: ["id", "account_holders.id"],
    filters: { id: customerId },
  })
  const { data: orders } = await query.graph({
    entity: "order",
    fields: ["id", "payment_collections.id"],
    filters: { customer_id: customerId },
  })
  const { data: carts } = await query.graph({
    entity: "cart",
    fields: ["id", "payment_collection.id"],
    filters: { customer_id: customerId },
  })
  return {
    accountHolders: ids(customers as Row[], "account_holders"),
    paymentCollections: [
      ...new Set([
        ...ids(orders as Row[], "payment_collections"),
        ...ids(carts as Row[], "payment_collection"),
      ]),
    ],
    orders: (orders as Row[]).map((o) => String(o.id)),
    carts: (carts as Row[]).map((c) => String(c.id)),
  }
}

/**
 * Hard-deletes what erasure does not keep: wishlists with their items and share tokens, the
 * e-mail verification record, the stored mails to the old address, the payment account holder
 * (for Stripe: the Stripe customer), the customer data in payment sessions, stored workflow
 * executions that carry the customer's carts, and (by option) reviews.
 * The last step before the audit entry and the event: it cannot be undone, so it runs when
 * everything that can fail has succeeded.
 */
export const purgeCustomerRecordsStep = createStep(
  "purge-customer-records",
  async (input: PurgeCustomerRecordsInput, { container }) => {
    const wishlists = container.resolve<WishlistModuleService>(WISHLIST_MODULE)
    const lists = await wishlists.listWishlists({ customer_id: input.customer_id }, { take: null })
    if (lists.length) await wishlists.deleteWishlists(lists.map((w) => w.id))

    const verification =
      container.resolve<EmailVerificationModuleService>(EMAIL_VERIFICATION_MODULE)
    const rows = await verification.listEmailVerifications({ customer_id: input.customer_id })
    if (rows.length) await verification.deleteEmailVerifications(rows.map((r) => r.id))

    let reviewsDeleted = 0
    if (input.reviews === "delete") {
      const reviews = container.resolve<ReviewsModuleService>(REVIEWS_MODULE)
      const own = await reviews.listReviews({ customer_id: input.customer_id }, { take: null })
      if (own.length) await reviews.deleteReviews(own.map((r) => r.id))
      reviewsDeleted = own.length
    }

    const mails = input.email
      ? await deleteNotificationsTo(container.resolve(Modules.NOTIFICATION), input.email)
      : 0

    const known = await paymentAndCartIds(container, input.customer_id)
    const payments = container.resolve(Modules.PAYMENT)
    const link = container.resolve(ContainerRegistrationKeys.LINK)
    for (const id of known.accountHolders) {
      await link.dismiss({
        [Modules.CUSTOMER]: { customer_id: input.customer_id },
        [Modules.PAYMENT]: { account_holder_id: id },
      })
      await payments.deleteAccountHolder(id)
    }
    const sessions = await clearPaymentSessionContexts(payments, known.paymentCollections)
    const executions = await deleteWorkflowExecutionsMentioning(
      container.resolve(Modules.WORKFLOW_ENGINE),
      [input.email ?? "", ...known.carts, ...known.orders]
    )
    return new StepResponse({
      wishlists: lists.length,
      reviews_deleted: reviewsDeleted,
      notifications: mails,
      account_holders: known.accountHolders.length,
      payment_sessions: sessions,
      workflow_executions: executions,
    })
  }
)
