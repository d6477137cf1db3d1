import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { featureEnabled } from "../lib/plugin-options"
import { DATA_RIGHTS_MODULE } from "../modules/data-rights"
import type DataRightsModuleService from "../modules/data-rights/service"
import { eraseCustomerWorkflow } from "../workflows/data-rights/erase-customer"

/**
 * Executes confirmed erasure requests whose grace period is over. One failing erasure is
 * logged (its workflow compensated) and retried on the next run; the others go on.
 */
export default async function dataRightsErasureJob(container: MedusaContainer, now = new Date()) {
  if (!featureEnabled("dataRights")) return { erased: 0, failed: 0 }
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const service = container.resolve<DataRightsModuleService>(DATA_RIGHTS_MODULE)
  let erased = 0
  let failed = 0
  for (const request of await service.dueRequests(now)) {
    try {
      await eraseCustomerWorkflow(container).run({
        input: {
          customer_id: request.customer_id,
          request_id: request.id,
          requested_by: request.requested_by === "admin" ? "admin" : "customer",
          actor_id: request.actor_id,
        },
      })
      erased++
    } catch (err) {
      failed++
      logger.warn(`data rights: erasure ${request.id} failed: ${(err as Error).message}`)
    }
  }
  if (erased || failed) logger.info(`data rights: ${erased} erasures executed, ${failed} failed`)
  return { erased, failed }
}

export const config = {
  name: "data-rights-erasure",
  schedule: "*/15 * * * *",
}
