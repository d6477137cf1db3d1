import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import LocalAwareStripeProviderService from "./service"

export { LocalAwareStripeProviderService }
export { stripeHostConfig } from "./service"

export default ModuleProvider(Modules.PAYMENT, {
  services: [LocalAwareStripeProviderService],
})
