import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { CreateAddressDTO, HttpTypes } from "@medusajs/framework/types"
import { POST as corePOST } from "@medusajs/medusa/api/store/carts/[id]/route"
import { refetchCart } from "@medusajs/medusa/api/store/carts/helpers"
import { leanUpdateCartApplies } from "../../../../lib/checkout/lean-choice"
import { leanOrCore } from "../../../../lib/checkout/lean-route"
import { leanUpdateCartWorkflow } from "../../../../workflows/checkout/lean-update-cart"

type Body = HttpTypes.StoreUpdateCart & { additional_data?: Record<string, unknown> }

/**
 * POST /store/carts/:id: leanUpdateCartWorkflow for an update of the e-mail and full
 * addresses (decision 0234; the rule is `leanUpdateCartApplies`); anything else goes to
 * Medusa's handler.
 */
async function leanPOST(req: MedusaRequest<Body>, res: MedusaResponse): Promise<void> {
  const applies = await leanUpdateCartApplies(
    req.scope,
    req.params.id,
    req.validatedBody as Record<string, unknown> | undefined
  )
  if (!applies) return corePOST(req, res)
  const { email, shipping_address, billing_address } = req.validatedBody
  await leanUpdateCartWorkflow(req.scope).run({
    input: {
      id: req.params.id,
      email,
      // leanUpdateCartApplies() let only full addresses (or none) through
      shipping_address: shipping_address as CreateAddressDTO | undefined,
      billing_address: billing_address as CreateAddressDTO | undefined,
    },
  })
  const cart = await refetchCart(req.params.id, req.scope, req.queryConfig.fields)
  res.status(200).json({ cart })
}

export const POST = leanOrCore(
  leanPOST as (req: MedusaRequest, res: MedusaResponse) => Promise<void>,
  corePOST as (req: MedusaRequest, res: MedusaResponse) => Promise<void>
)
