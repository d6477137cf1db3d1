import type { MedusaContainer } from "@medusajs/framework/types"
import { recordWorkerHeartbeat } from "../lib/ops/worker-heartbeat"
import { featureEnabled } from "../lib/plugin-options"

export default async function workerHeartbeat(container: MedusaContainer) {
  if (!featureEnabled("observability")) return
  await recordWorkerHeartbeat(container)
}

export const config = {
  name: "worker-heartbeat",
  schedule: { interval: Number(process.env.WORKER_HEARTBEAT_INTERVAL_MS || 30000) },
}
