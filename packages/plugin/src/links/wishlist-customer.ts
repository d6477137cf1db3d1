import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import WishlistModule from "../modules/wishlist"

// Read-only: the wishlist stores customer_id itself, the link only lets Query join.
export default defineLink(
  { linkable: WishlistModule.linkable.wishlist, field: "customer_id" },
  CustomerModule.linkable.customer,
  { readOnly: true }
)
