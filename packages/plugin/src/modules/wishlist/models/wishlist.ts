import { model } from "@medusajs/framework/utils"
import { WishlistItem } from "./wishlist-item"

/** One wishlist per customer per sales channel; share_token opens it read-only. */
export const Wishlist = model
  .define("wishlist", {
    id: model.id({ prefix: "wl" }).primaryKey(),
    customer_id: model.text(),
    sales_channel_id: model.text(),
    share_token: model.text().nullable(),
    items: model.hasMany(() => WishlistItem, { mappedBy: "wishlist" }),
  })
  .cascades({ delete: ["items"] })
  .indexes([
    {
      name: "IDX_wishlist_customer_sales_channel_unique",
      on: ["customer_id", "sales_channel_id"],
      unique: true,
      where: "deleted_at IS NULL",
    },
    {
      name: "IDX_wishlist_share_token_unique",
      on: ["share_token"],
      unique: true,
      where: "deleted_at IS NULL AND share_token IS NOT NULL",
    },
  ])
