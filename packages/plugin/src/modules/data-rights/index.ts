import { Module } from "@medusajs/framework/utils"
import pluginOptionsLoader from "../../lib/plugin-options-loader"
import DataRightsModuleService from "./service"

export { DataRightsModuleService }

export const DATA_RIGHTS_MODULE = "dataRights"

export default Module(DATA_RIGHTS_MODULE, {
  service: DataRightsModuleService,
  loaders: [pluginOptionsLoader],
})
