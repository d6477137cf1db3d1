import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { exportCustomerDataWorkflow } from "../../../../../workflows/data-rights/export-customer-data"
import { sendExport } from "../../../../store/customers/me/data-export/presenters"

/** A customer's data as a JSON download, for an access request handled by the shop. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  // Unknown ids answer 404 like Medusa's own customer routes.
  await query.graph(
    { entity: "customer", fields: ["id"], filters: { id: req.params.id } },
    { throwIfKeyNotFound: true }
  )
  const { result } = await exportCustomerDataWorkflow(req.scope).run({
    input: { customer_id: req.params.id, actor_type: "user", actor_id: req.auth_context.actor_id },
  })
  sendExport(res, req.params.id, result)
}
