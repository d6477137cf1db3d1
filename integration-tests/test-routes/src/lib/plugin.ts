/**
 * The plugin's exports, as a consumer imports them (the package's `workflows` entry). The
 * one place that knows where the plugin's sources are: update it when they move.
 */
export * from "../../../../src/workflows"
export { REVIEWS_MODULE } from "../../../../src/modules/reviews"
export type { default as ReviewsModuleService } from "../../../../src/modules/reviews/service"
export { WISHLIST_MODULE } from "../../../../src/modules/wishlist"
export type { default as WishlistModuleService } from "../../../../src/modules/wishlist/service"
