import {
  createCartsStep,
  createCartWorkflow,
  emitEventStep,
  findOneOrAnyRegionStep,
  findOrCreateCustomerStep,
  findSalesChannelStep,
  prepareCartToCreateStep,
} from "@medusajs/medusa/core-flows"
import type { CreateCartWorkflowInputDTO } from "@medusajs/framework/types"
import { CartWorkflowEvents } from "@medusajs/framework/utils"
import {
  createWorkflow,
  parallelize,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { validateSalesChannelStep } from "../../lib/checkout/core-internals"
import { watchHooks } from "../../lib/checkout/hook-watch"

/** Create-cart, whose hooks the lean workflow does not run. */
export const leanCreateCartHookedWorkflows = [createCartWorkflow] as const
watchHooks(leanCreateCartHookedWorkflows)

export const leanCreateCartWorkflowId = "lean-create-cart"

/**
 * Medusa's create-cart (core-flows 2.21.2) for a cart created without items and without
 * promotion codes (the route sends anything else to Medusa's handler): the same sales
 * channel, region and customer lookups (a guest customer for an e-mail), the same checks,
 * the same prepared cart (currency from the region, a default shipping address for a
 * single-country region) and the same `cart.created` event. What it leaves out recomputes
 * nothing on an empty cart (decision 0236): pricing and inventory of no items, tax lines of
 * no items, promotions with no code and no item or shipping method to apply to, and the
 * payment collection a new cart does not have.
 */
export const leanCreateCartWorkflow = createWorkflow(
  leanCreateCartWorkflowId,
  (input: CreateCartWorkflowInputDTO) => {
    const [salesChannel, region, customerData] = parallelize(
      findSalesChannelStep({ salesChannelId: input.sales_channel_id }),
      findOneOrAnyRegionStep({ regionId: input.region_id }),
      findOrCreateCustomerStep({ customerId: input.customer_id, email: input.email })
    )
    validateSalesChannelStep({ salesChannel })
    const cartInput = prepareCartToCreateStep({ input, region, customerData, salesChannel })
    const cartToCreate = transform({ cartInput }, ({ cartInput }) => ({ ...cartInput, items: [] }))
    const carts = createCartsStep([cartToCreate])
    const cart = transform({ carts }, ({ carts }) => carts[0])
    emitEventStep({ eventName: CartWorkflowEvents.CREATED, data: { id: cart.id } })
    return new WorkflowResponse(cart)
  }
)
