import { spawn, type ChildProcess } from "node:child_process"
import path from "node:path"

export type OpAccount = {
  email?: string
  email_verified?: boolean
  given_name?: string
  family_name?: string
}

export type OpSetup = {
  port: number
  clients: Array<Record<string, unknown>>
  accounts: Record<string, OpAccount>
}

/** Starts the real OpenID Provider (op-server.mjs) and resolves once it listens. */
export async function startOp(
  setup: OpSetup
): Promise<{ issuer: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(__dirname, "op-server.mjs"), JSON.stringify(setup)],
    { stdio: ["ignore", "pipe", "pipe"] }
  )
  let stderr = ""
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString()
  })
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`OP did not start: ${stderr}`)), 20_000)
    child.stdout?.on("data", (d: Buffer) => {
      const m = /READY (\S+)/.exec(d.toString())
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    child.on("exit", (code) => reject(new Error(`OP exited (${code}): ${stderr}`)))
  })
  return {
    issuer,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once("exit", () => resolve())
        child.kill("SIGTERM")
      }),
  }
}
