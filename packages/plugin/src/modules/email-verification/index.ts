import { Module } from "@medusajs/framework/utils"
import pluginOptionsLoader from "../../lib/plugin-options-loader"
import EmailVerificationModuleService from "./service"

export { EmailVerificationModuleService }

export const EMAIL_VERIFICATION_MODULE = "emailVerification"

export default Module(EMAIL_VERIFICATION_MODULE, {
  service: EmailVerificationModuleService,
  loaders: [pluginOptionsLoader],
})
