import { MedusaError } from "@medusajs/framework/utils"
import { hooksEnabled, recordHook } from "../../lib/hook-log"
import { verifyCustomerEmailWorkflow } from "../../lib/plugin"

verifyCustomerEmailWorkflow.hooks.emailVerified(async (payload) => {
  if (!hooksEnabled()) return
  recordHook("verify-customer-email.emailVerified", payload)
  // Proves that a failing hook undoes the confirmation.
  if (payload.additional_data?.fail_after_verify === true) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The after-verify hook refused")
  }
})
