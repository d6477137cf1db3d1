import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { confirmCustomerErasureWorkflow } from "../../../../../../workflows/data-rights/confirm-customer-erasure"
import type { ErasureConfirmBody } from "../../data-export/validators"
import { presentErasureRequest } from "../presenters"

/** Confirms with the mailed token: the erasure runs after the grace period (or now at 0). */
export const POST = async (
  req: AuthenticatedMedusaRequest<ErasureConfirmBody>,
  res: MedusaResponse
) => {
  const { result } = await confirmCustomerErasureWorkflow(req.scope).run({
    input: { customer_id: req.auth_context.actor_id, token: req.validatedBody.token },
  })
  res.json({ erasure_request: presentErasureRequest(result.request), erased: result.erased })
}
