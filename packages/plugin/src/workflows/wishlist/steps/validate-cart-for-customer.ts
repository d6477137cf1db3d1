import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export type ValidateCartForCustomerStepInput = { cart_id: string; customer_id: string }

/**
 * Items may be moved into the customer's own cart or into a guest cart (no customer,
 * or a customer without an account). A cart of another registered customer is refused.
 */
export const validateCartForCustomerStep = createStep(
  "validate-cart-for-customer",
  async (input: ValidateCartForCustomerStepInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "cart",
      fields: ["id", "customer_id", "completed_at", "customer.has_account"],
      filters: { id: input.cart_id },
    })
    const cart = data[0] as any
    if (!cart) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Cart with id: ${input.cart_id} was not found`
      )
    }
    const ownedByOther =
      cart.customer_id &&
      cart.customer_id !== input.customer_id &&
      cart.customer?.has_account !== false
    if (ownedByOther) {
      throw new MedusaError(MedusaError.Types.FORBIDDEN, "The cart belongs to another customer")
    }
    if (cart.completed_at) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The cart is already completed")
    }
    return new StepResponse({ cart_id: cart.id as string })
  }
)
