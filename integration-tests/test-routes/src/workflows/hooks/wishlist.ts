import { MedusaError } from "@medusajs/framework/utils"
import { hooksEnabled, recordHook } from "../../lib/hook-log"
import {
  addWishlistItemWorkflow,
  WISHLIST_MODULE,
  type WishlistModuleService,
} from "../../lib/plugin"

const PRIORITIES = ["low", "high"]

// A consumer that stores a priority with each wished-for item checks it before anything is written.
addWishlistItemWorkflow.hooks.validate(async ({ input, variant }, { container }) => {
  if (!hooksEnabled()) return
  // Whether the customer has a wishlist while the hook runs: proves it runs before any write.
  const wishlists = await container
    .resolve<WishlistModuleService>(WISHLIST_MODULE)
    .listWishlists({ customer_id: input.customer_id })
  recordHook("add-wishlist-item.validate", { input, variant, wishlists: wishlists.length })
  const priority = input.additional_data?.priority
  if (priority !== undefined && !PRIORITIES.includes(priority as string)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "priority must be low or high")
  }
})

addWishlistItemWorkflow.hooks.wishlistItemAdded(async (payload) => {
  if (!hooksEnabled()) return
  recordHook("add-wishlist-item.wishlistItemAdded", payload)
})
