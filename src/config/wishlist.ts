import type { Settings } from "../lib/settings"

/** Module registrations owned by the wishlist feature. */
export function wishlistModules(_settings: Settings): Record<string, unknown>[] {
  return [{ resolve: "./src/modules/wishlist" }]
}
