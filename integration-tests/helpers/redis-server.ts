import { type ChildProcess, spawn } from "node:child_process"
import net from "node:net"
import { freePortSync } from "./ports"

/** A throwaway redis-server owned by one test file: no persistence, killed by the test. */
export class OwnRedis {
  readonly port: number
  private proc?: ChildProcess

  constructor(port = freePortSync()) {
    this.port = port
  }

  get url() {
    return `redis://127.0.0.1:${this.port}`
  }

  start() {
    this.proc = spawn(
      "redis-server",
      ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" }
    )
    return this
  }

  async ready(timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const ok = await new Promise<boolean>((resolve) => {
        const socket = net.connect(this.port, "127.0.0.1", () => {
          socket.end()
          resolve(true)
        })
        socket.on("error", () => resolve(false))
      })
      if (ok) return
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error(`redis-server on ${this.port} did not start`)
  }

  async stop() {
    const proc = this.proc
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return
    await new Promise<void>((resolve) => {
      proc.once("exit", () => resolve())
      proc.kill("SIGKILL")
    })
  }
}
