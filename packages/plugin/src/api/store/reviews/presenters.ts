// Moved beside the routes that use it: src/api/store/products/[id]/reviews/presenters.ts.
// Kept as a re-export so branches that still import this path keep working.
export * from "../products/[id]/reviews/presenters"
