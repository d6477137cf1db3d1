// Moved beside the routes that use it: src/api/store/customers/me/wishlist/presenters.ts.
// Kept as a re-export so branches that still import this path keep working.
export * from "../../../api/store/customers/me/wishlist/presenters"
