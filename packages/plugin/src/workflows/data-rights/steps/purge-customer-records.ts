import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import { deleteNotificationsTo } from "../../../lib/internals/notification-records"
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

/**
 * Hard-deletes what erasure does not keep: wishlists with their items and share tokens, the
 * e-mail verification record, the stored mails to the old address and (by option) reviews.
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
    return new StepResponse({
      wishlists: lists.length,
      reviews_deleted: reviewsDeleted,
      notifications: mails,
    })
  }
)
