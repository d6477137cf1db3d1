/**
 * The plugin's exports, as a consumer imports them: by package name, from its build.
 */
export * from "@commerce-api/plugin/workflows"
export { REVIEWS_MODULE, ReviewsModuleService } from "@commerce-api/plugin/modules/reviews"
export { WISHLIST_MODULE, WishlistModuleService } from "@commerce-api/plugin/modules/wishlist"
