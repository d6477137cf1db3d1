import type { Settings } from "../lib/settings"

/** Module registrations owned by the reviews feature. */
export function reviewsModules(_settings: Settings): Record<string, unknown>[] {
  return [
    {
      resolve: "./src/modules/reviews",
      options: {
        // Store setting: verified-purchase reviews are published without moderation.
        autoApproveVerified: process.env.REVIEWS_AUTO_APPROVE_VERIFIED === "true",
      },
    },
  ]
}
