import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { refuseUnlessEnabled } from "../../../lib/enabled"

/**
 * POST /ops-test/log logs the request body and headers the way a careless
 * handler would; the log tests prove the redaction layer catches it.
 */
export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  if (refuseUnlessEnabled(res)) return
  const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
  logger.info(`ops-test body ${JSON.stringify(req.body)}`)
  logger.warn(`ops-test headers ${JSON.stringify(req.headers)}`)
  logger.error("ops-test failure", new Error(`could not charge ${JSON.stringify(req.body)}`))
  res.status(200).json({ logged: true })
}
