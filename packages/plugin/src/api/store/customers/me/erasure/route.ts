import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DATA_RIGHTS_MODULE } from "../../../../../modules/data-rights"
import type DataRightsModuleService from "../../../../../modules/data-rights/service"
import { cancelCustomerErasureWorkflow } from "../../../../../workflows/data-rights/cancel-customer-erasure"
import { requestCustomerErasureWorkflow } from "../../../../../workflows/data-rights/request-customer-erasure"
import { presentErasureRequest } from "./presenters"

/** The customer's open erasure request, if any. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const service = req.scope.resolve<DataRightsModuleService>(DATA_RIGHTS_MODULE)
  const open = await service.openRequest(req.auth_context.actor_id)
  res.json({ erasure_request: open ? presentErasureRequest(open) : null })
}

/** Asks for erasure: a confirmation token is mailed to the customer's address. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await requestCustomerErasureWorkflow(req.scope).run({
    input: { customer_id: req.auth_context.actor_id },
  })
  res.status(202).json({ status: result.status, sent: true })
}

/** Withdraws the open request during the grace period. */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await cancelCustomerErasureWorkflow(req.scope).run({
    input: { customer_id: req.auth_context.actor_id },
  })
  res.json({ erasure_request: presentErasureRequest(result) })
}
