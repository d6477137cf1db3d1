import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { exportCustomerDataWorkflow } from "../../../../../workflows/data-rights/export-customer-data"
import { sendExport } from "./presenters"
import type { DataExportBody } from "./validators"

/** The logged-in customer's data as a JSON download (re-authenticated and rate-limited). */
export const POST = async (
  req: AuthenticatedMedusaRequest<DataExportBody>,
  res: MedusaResponse
) => {
  const customerId = req.auth_context.actor_id
  const { result } = await exportCustomerDataWorkflow(req.scope).run({
    input: { customer_id: customerId, actor_type: "customer", actor_id: customerId },
  })
  sendExport(res, customerId, result)
}
