import { model } from "@medusajs/framework/utils"
import { Wishlist } from "./wishlist"

export const WishlistItem = model
  .define("wishlist_item", {
    id: model.id({ prefix: "wli" }).primaryKey(),
    variant_id: model.text(),
    wishlist: model.belongsTo(() => Wishlist, { mappedBy: "items" }),
  })
  .indexes([
    {
      // Makes "add" idempotent even when two requests race.
      name: "IDX_wishlist_item_wishlist_variant_unique",
      on: ["wishlist_id", "variant_id"],
      unique: true,
      where: "deleted_at IS NULL",
    },
    {
      name: "IDX_wishlist_item_variant_id",
      on: ["variant_id"],
      where: "deleted_at IS NULL",
    },
  ])
