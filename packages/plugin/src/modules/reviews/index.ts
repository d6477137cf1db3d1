import { Module } from "@medusajs/framework/utils"
import pluginOptionsLoader from "../../lib/plugin-options-loader"
import ReviewsModuleService from "./service"

export { ReviewsModuleService }

export const REVIEWS_MODULE = "reviews"

export default Module(REVIEWS_MODULE, {
  service: ReviewsModuleService,
  loaders: [pluginOptionsLoader],
})
