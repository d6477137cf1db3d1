import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { verificationStatus } from "../../../../../lib/email-verification"

export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  // Unknown ids answer 404 like Medusa's own customer routes.
  await query.graph(
    { entity: "customer", fields: ["id"], filters: { id: req.params.id } },
    { throwIfKeyNotFound: true }
  )
  res.json({ verification: await verificationStatus(req.scope, req.params.id) })
}
