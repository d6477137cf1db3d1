import { completeCartWorkflow } from "@medusajs/medusa/core-flows"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { assertCartCheckoutAllowed } from "../../lib/email-verification"
import { featureEnabled } from "../../lib/plugin-options"

/**
 * REQUIRE_VERIFIED_EMAIL_FOR_CHECKOUT inside cart completion, so every path that
 * completes a cart honours it: POST /store/carts/:id/complete, the payment
 * webhook (processPaymentWorkflow completes the cart once the provider reports
 * the payment) and jobs. The hook runs before the order is created and before
 * Medusa authorizes the payment session: a refusal places no order and leaves
 * the provider's authorization as it is, so the shopper can verify and complete
 * the same cart without paying again (decision 0113).
 */
completeCartWorkflow.hooks.validate(async ({ cart }, { container }) => {
  if (!featureEnabled("emailVerification")) return
  try {
    await assertCartCheckoutAllowed(container, cart.id)
  } catch (e) {
    // The webhook path has no client to show the 403 to: the log is where the
    // merchant sees why a paid-looking checkout produced no order.
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(
        `Cart ${cart.id} not completed: customer ${cart.customer?.id} has not verified the e-mail ` +
          `address (REQUIRE_VERIFIED_EMAIL_FOR_CHECKOUT); no order placed, the payment was not captured ` +
          `(Medusa refunds it if the provider had captured it already).`
      )
    throw e
  }
})
