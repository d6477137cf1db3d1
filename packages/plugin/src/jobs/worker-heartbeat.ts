import type { MedusaContainer } from "@medusajs/framework/types"
import { recordWorkerHeartbeat } from "../lib/ops/worker-heartbeat"

export default async function workerHeartbeat(container: MedusaContainer) {
  await recordWorkerHeartbeat(container)
}

export const config = {
  name: "worker-heartbeat",
  schedule: { interval: Number(process.env.WORKER_HEARTBEAT_INTERVAL_MS || 30000) },
}
