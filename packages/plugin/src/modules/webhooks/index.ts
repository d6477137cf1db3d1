import { Module } from "@medusajs/framework/utils"
import pluginOptionsLoader from "../../lib/plugin-options-loader"
import WebhooksModuleService from "./service"

export { WebhooksModuleService }

export const WEBHOOKS_MODULE = "webhooks"

export default Module(WEBHOOKS_MODULE, {
  service: WebhooksModuleService,
  loaders: [pluginOptionsLoader],
})
