import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { HttpTypes } from "@medusajs/framework/types"
import { POST as corePOST } from "@medusajs/medusa/api/store/carts/[id]/shipping-methods/route"
import { refetchCart } from "@medusajs/medusa/api/store/carts/helpers"
import { leanAddShippingMethodApplies } from "../../../../../lib/checkout/lean-choice"
import { leanOrCore } from "../../../../../lib/checkout/lean-route"
import { leanAddShippingMethodToCartWorkflow } from "../../../../../workflows/checkout/add-shipping-method-lean"

type Body = HttpTypes.StoreAddCartShippingMethods & { additional_data?: Record<string, unknown> }
type Option = { option_id: string; data?: Record<string, unknown> }

/**
 * Lean `POST /store/carts/:id/shipping-methods` (decision 0232). One option, no
 * `additional_data`, and no hook handler on the core workflows involved; anything else
 * goes to Medusa's handler unchanged.
 */
async function leanAddShippingMethod(req: MedusaRequest<Body>, res: MedusaResponse) {
  const payload = req.validatedBody as Body | Option[]
  const options: Option[] = Array.isArray(payload) ? payload : [payload as Option]
  const additional = Array.isArray(payload) ? undefined : payload.additional_data
  if (!leanAddShippingMethodApplies(options, additional)) return corePOST(req, res)
  await leanAddShippingMethodToCartWorkflow(req.scope).run({
    input: {
      cart_id: req.params.id,
      options: options.map((o) => ({ id: o.option_id, data: o.data })),
    },
  })
  const cart = await refetchCart(req.params.id, req.scope, req.queryConfig.fields)
  res.status(200).json({ cart })
}

export const POST = leanOrCore(
  leanAddShippingMethod as (req: MedusaRequest, res: MedusaResponse) => Promise<void>,
  corePOST as (req: MedusaRequest, res: MedusaResponse) => Promise<void>
)
