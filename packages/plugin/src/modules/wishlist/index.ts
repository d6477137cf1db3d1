import { Module } from "@medusajs/framework/utils"
import pluginOptionsLoader from "../../lib/plugin-options-loader"
import WishlistModuleService from "./service"

export { WishlistModuleService }

export const WISHLIST_MODULE = "wishlist"

export default Module(WISHLIST_MODULE, {
  service: WishlistModuleService,
  loaders: [pluginOptionsLoader],
})
