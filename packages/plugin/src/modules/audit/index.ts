import { Module } from "@medusajs/framework/utils"
import pluginOptionsLoader from "../../lib/plugin-options-loader"
import AuditModuleService from "./service"

export { AuditModuleService }

export const AUDIT_MODULE = "audit"

export default Module(AUDIT_MODULE, {
  service: AuditModuleService,
  loaders: [pluginOptionsLoader],
})
