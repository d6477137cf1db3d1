import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { StoreAddCartLineItemType } from "@medusajs/medusa/api/store/carts/validators"
import { POST as corePOST } from "@medusajs/medusa/api/store/carts/[id]/line-items/route"
import { refetchCart } from "@medusajs/medusa/api/store/carts/helpers"
import { leanAddToCartApplies } from "../../../../../lib/checkout/lean-choice"
import { leanOrCore } from "../../../../../lib/checkout/lean-route"
import { leanAddToCartWorkflow } from "../../../../../workflows/checkout/lean-add-to-cart"

/**
 * POST /store/carts/:id/line-items: Medusa's route with leanAddToCartWorkflow in place of
 * addToCartWorkflow (decision 0236). Same body validation, same response (the cart refetched
 * with the request's fields). `additional_data` or a hook handler registered on add-to-cart
 * or its refresh sends the request to Medusa's own handler.
 */
async function leanAddToCart(
  req: MedusaRequest<StoreAddCartLineItemType & { additional_data?: Record<string, unknown> }>,
  res: MedusaResponse
): Promise<void> {
  const body = req.validatedBody
  if (!leanAddToCartApplies(body)) return corePOST(req, res)
  await leanAddToCartWorkflow(req.scope).run({
    input: {
      cart_id: req.params.id,
      items: [body],
    },
  })
  const cart = await refetchCart(req.params.id, req.scope, req.queryConfig.fields)
  res.status(200).json({ cart })
}

export const POST = leanOrCore(
  leanAddToCart as (req: MedusaRequest, res: MedusaResponse) => Promise<void>,
  corePOST as (req: MedusaRequest, res: MedusaResponse) => Promise<void>
)
