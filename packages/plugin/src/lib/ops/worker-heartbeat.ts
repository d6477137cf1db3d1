import type { ICacheService, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

export const WORKER_HEARTBEAT_KEY = "commerce:worker-heartbeat"

export type WorkerHeartbeat = { pid: number; mode: string; at: string }

/**
 * The worker records that it is alive in the cache module (Redis when
 * REDIS_URL is set), so servers and operators can tell a worker is running.
 */
export async function recordWorkerHeartbeat(container: MedusaContainer): Promise<WorkerHeartbeat> {
  const cache = container.resolve<ICacheService>(Modules.CACHE)
  const beat = {
    pid: process.pid,
    mode: process.env.MEDUSA_WORKER_MODE || "shared",
    at: new Date().toISOString(),
  }
  await cache.set(WORKER_HEARTBEAT_KEY, beat, 600)
  return beat
}

export async function readWorkerHeartbeat(
  container: MedusaContainer
): Promise<WorkerHeartbeat | null> {
  const cache = container.resolve<ICacheService>(Modules.CACHE)
  return (await cache.get<WorkerHeartbeat>(WORKER_HEARTBEAT_KEY)) ?? null
}
