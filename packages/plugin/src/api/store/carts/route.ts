import type {
  AuthenticatedMedusaRequest,
  MedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import type { CreateCartWorkflowInputDTO } from "@medusajs/framework/types"
import { POST as corePOST } from "@medusajs/medusa/api/store/carts/route"
import { refetchCart } from "@medusajs/medusa/api/store/carts/helpers"
import { leanCreateCartApplies } from "../../../lib/checkout/lean-choice"
import { leanOrCore } from "../../../lib/checkout/lean-route"
import { leanCreateCartWorkflow } from "../../../workflows/checkout/lean-create-cart"

type CreateCartBody = Omit<CreateCartWorkflowInputDTO, "customer_id"> & {
  additional_data?: Record<string, unknown>
}
type Req = MedusaRequest<CreateCartBody> & Partial<Pick<AuthenticatedMedusaRequest, "auth_context">>
// Medusa types the route's auth_context as required; the store's authenticate middleware
// (unauthenticated allowed) leaves it unset for a guest, and the route reads it optionally.
const core = (req: MedusaRequest, res: MedusaResponse) =>
  corePOST(req as unknown as Parameters<typeof corePOST>[0], res)

/**
 * POST /store/carts: Medusa's route with leanCreateCartWorkflow for an empty cart without
 * promotion codes (decision 0236); items, promo_codes, additional_data or a hook handler
 * registered on create-cart send the request to Medusa's own handler. Same input (the body
 * and the logged-in customer), same response (the cart refetched with the request's fields).
 */
async function leanCreateCart(req: Req, res: MedusaResponse) {
  const body = req.validatedBody
  if (!leanCreateCartApplies(body)) return core(req, res)
  const { result } = await leanCreateCartWorkflow(req.scope).run({
    input: { ...body, customer_id: req.auth_context?.actor_id },
  })
  const cart = await refetchCart(result.id, req.scope, req.queryConfig.fields)
  res.status(200).json({ cart })
}

export const POST = leanOrCore((req, res) => leanCreateCart(req as Req, res), core)
