import type { Settings } from "../lib/settings"

/** Module registrations owned by the reviews feature. */
export function reviewsModules(_settings: Settings): Record<string, unknown>[] {
  const autoApprove = process.env.REVIEWS_AUTO_APPROVE_VERIFIED
  return [
    {
      resolve: "./src/modules/reviews",
      // Store setting: verified-purchase reviews are published without moderation.
      // Unset here means the module reads the variable when a review is written.
      options: autoApprove === undefined ? {} : { autoApproveVerified: autoApprove === "true" },
    },
  ]
}
