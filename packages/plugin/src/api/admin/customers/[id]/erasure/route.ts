import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { scheduleCustomerErasureWorkflow } from "../../../../../workflows/data-rights/schedule-customer-erasure"
import type { AdminErasureBody } from "../../../../store/customers/me/data-export/validators"
import { presentErasureRequest } from "../../../../store/customers/me/erasure/presenters"

/** Erases a customer after the grace period, or at once with `immediate: true`. */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminErasureBody>,
  res: MedusaResponse
) => {
  const { result } = await scheduleCustomerErasureWorkflow(req.scope).run({
    input: {
      customer_id: req.params.id,
      actor_id: req.auth_context.actor_id,
      immediate: req.validatedBody.immediate ?? false,
    },
  })
  res.status(result.erased ? 200 : 202).json({
    erasure_request: presentErasureRequest(result.request),
    erased: result.erased,
  })
}
