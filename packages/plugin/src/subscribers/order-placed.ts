import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/** Leaves one log line per placed order, written by the process that handled the event. */
export default async function orderPlaced({ event, container }: SubscriberArgs<{ id: string }>) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  logger.info(
    `order.placed handled: ${event.data.id} (mode=${process.env.MEDUSA_WORKER_MODE || "shared"}, pid=${process.pid})`
  )
}

export const config: SubscriberConfig = { event: "order.placed" }
