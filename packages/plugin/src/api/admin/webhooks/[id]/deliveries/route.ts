import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { WEBHOOKS_MODULE } from "../../../../../modules/webhooks"
import type WebhooksModuleService from "../../../../../modules/webhooks/service"
import { publicDelivery } from "../../../../../lib/webhooks/public"
import type { AdminListWebhookDeliveriesParamsType } from "../../validators"

/** The delivery log of one endpoint, newest first, each delivery with its attempts. */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminListWebhookDeliveriesParamsType>,
  res: MedusaResponse
) => {
  const { limit, offset, status } = req.validatedQuery
  const service = req.scope.resolve<WebhooksModuleService>(WEBHOOKS_MODULE)
  await service.retrieveWebhookEndpoint(req.params.id)
  const [rows, count] = await service.listAndCountWebhookDeliveries(
    { endpoint_id: req.params.id, ...(status ? { status } : {}) },
    { take: limit, skip: offset, order: { seq: "DESC" } }
  )
  const attempts = rows.length
    ? await service.listWebhookAttempts(
        { delivery_id: rows.map((row) => row.id) },
        { order: { attempt: "ASC" }, take: null }
      )
    : []
  res.json({
    deliveries: rows.map((row) =>
      publicDelivery(
        row,
        attempts.filter((a) => a.delivery_id === row.id)
      )
    ),
    count,
    limit,
    offset,
  })
}
