import { execFileSync } from "node:child_process"

/**
 * A TCP port the kernel just handed out as free, found synchronously: suites put
 * service URLs into process.env at module load, before any await is possible.
 * A guessed random port can collide with parallel suites' sockets (seen in CI).
 */
export function freePortSync(): number {
  const script =
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"
  return Number(execFileSync(process.execPath, ["-e", script]).toString())
}
