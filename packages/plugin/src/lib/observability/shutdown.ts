const KEY = Symbol.for("commerce-api.observability.shutdown")
const state = globalThis as unknown as Record<symbol, { shuttingDown: boolean } | undefined>
const shared = state[KEY] ?? (state[KEY] = { shuttingDown: false })

export function isShuttingDown(): boolean {
  return shared.shuttingDown
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 25_000

/**
 * `medusa start` already drains on SIGTERM/SIGINT: it stops accepting
 * connections, waits for in-flight responses, runs the modules' shutdown
 * (closing database and Redis pools) and exits 0. Two things are missing: a
 * bound (a hung request would keep the process alive forever) and a signal to
 * the load balancer. This marks the process as shutting down (so /ready answers
 * 503 while draining) and forces exit 1 after SHUTDOWN_TIMEOUT_MS.
 */
export function installShutdownGuard(
  env: Record<string, string | undefined> = process.env,
  log: (msg: string) => void = (msg) => process.stderr.write(`${msg}\n`)
): void {
  const parsed = Number(env.SHUTDOWN_TIMEOUT_MS)
  const timeoutMs = Number.isFinite(parsed) && parsed > 0 ? parsed : DEFAULT_SHUTDOWN_TIMEOUT_MS
  const onSignal = (signal: string) => {
    if (shared.shuttingDown) return
    shared.shuttingDown = true
    setTimeout(() => {
      log(`Shutdown did not finish within ${timeoutMs} ms after ${signal}; forcing exit`)
      process.exit(1)
    }, timeoutMs).unref()
  }
  process.once("SIGTERM", () => onSignal("SIGTERM"))
  process.once("SIGINT", () => onSignal("SIGINT"))
}
