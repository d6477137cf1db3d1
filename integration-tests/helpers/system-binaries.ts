/**
 * Suites that need a system binary (Chromium, redis-server, nginx) find out by running it,
 * not by checking that a file exists. On a machine without it the suite is reported as
 * skipped, naming the binary and how to install it; with REQUIRE_SYSTEM_BINARIES=1 (set by
 * .ci/run) a missing binary fails the run instead, so CI never passes with a suite skipped.
 * A suite that uses a running Redis service (not one it spawns) names it with
 * `redisService(url)` and is treated the same way when that Redis does not answer.
 */
import { spawnSync } from "node:child_process"

export type SystemBinary = "chromium" | "redis-server" | "nginx"

type Spec = { command: () => string; args: string[]; install: string }

const SPECS: Record<SystemBinary, Spec> = {
  chromium: {
    command: () => process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--version"],
    install: "apt-get install chromium (or set CHROMIUM_PATH)",
  },
  "redis-server": {
    command: () => "redis-server",
    args: ["--version"],
    install: "apt-get install redis-server",
  },
  nginx: {
    command: () => "nginx",
    args: ["-v"],
    install: "apt-get install nginx-light",
  },
}

export type Probe = { ok: true; path: string; version: string } | { ok: false; reason: string }

/** A Redis server the suite expects to be running already, by URL. */
export type RedisService = { redisService: string }

/** What a suite needs from the machine: a binary, or a service that must answer. */
export type Requirement = SystemBinary | RedisService

export function redisService(url: string): RedisService {
  return { redisService: url }
}

const probes = new Map<SystemBinary, Probe>()

/** Runs the binary once (`--version`) and remembers the answer for this process. */
export function probeBinary(name: SystemBinary): Probe {
  const known = probes.get(name)
  if (known) return known
  const spec = SPECS[name]
  const cmd = spec.command()
  const r = spawnSync(cmd, spec.args, { encoding: "utf8", timeout: 20_000 })
  const output = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim()
  const probe: Probe =
    r.status === 0
      ? { ok: true, path: cmd, version: output.split("\n")[0] ?? "" }
      : {
          ok: false,
          reason: `${name} not usable (${
            r.error ? r.error.message : `\`${cmd} ${spec.args.join(" ")}\` exited ${r.status}`
          }); install: ${spec.install}`,
        }
  probes.set(name, probe)
  return probe
}

// Runs in a child process because describe/it decide synchronously; PING → any answer
// (+PONG, or -NOAUTH from a password-protected server) means a Redis is there.
const REDIS_PING = `
const u = new URL(process.argv[1])
const s = require("node:net").connect(Number(u.port || 6379), u.hostname || "127.0.0.1")
s.setTimeout(2000, () => { console.error("no answer within 2 s"); process.exit(1) })
s.on("connect", () => s.write("PING\\r\\n"))
s.on("data", (d) => process.exit(/^[+-]/.test(String(d)) ? 0 : 1))
s.on("error", (e) => { console.error(e.message); process.exit(1) })
`

const services = new Map<string, Probe>()

function hostOf(url: string): string {
  try {
    const u = new URL(url)
    return `${u.hostname}:${u.port || 6379}`
  } catch {
    return url
  }
}

/** Whether a Redis answers at `url`, remembered per URL for this process. */
export function probeRedisService(url: string): Probe {
  const known = services.get(url)
  if (known) return known
  const r = spawnSync(process.execPath, ["-e", REDIS_PING, url], {
    encoding: "utf8",
    timeout: 10_000,
  })
  const probe: Probe =
    r.status === 0
      ? { ok: true, path: url, version: "" }
      : {
          ok: false,
          reason: `no Redis answering at ${hostOf(url)} (${
            (r.stderr || "").trim() || r.error?.message || `exit ${r.status}`
          }); start one: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ""`,
        }
  services.set(url, probe)
  return probe
}

function probeRequirement(req: Requirement): Probe {
  return typeof req === "string" ? probeBinary(req) : probeRedisService(req.redisService)
}

export function systemBinariesRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.REQUIRE_SYSTEM_BINARIES === "1" || env.REQUIRE_SYSTEM_BINARIES === "true"
}

/** The first missing binary's (or service's) reason, or null when all work. Throws when they are required. */
export function missingBinary(names: Requirement[]): string | null {
  for (const name of names) {
    const probe = probeRequirement(name)
    if (!probe.ok) {
      if (systemBinariesRequired()) {
        throw new Error(`REQUIRE_SYSTEM_BINARIES is set: ${probe.reason}`)
      }
      return probe.reason
    }
  }
  return null
}

/**
 * `describe` that needs system binaries: without them the block is skipped and its title
 * says why (the skipped-tests reporter lists it at the end of the run).
 */
export function describeWithBinaries(names: Requirement[], title: string, fn: () => void): void {
  const missing = missingBinary(names)
  if (missing) describe.skip(`${title} [skipped: ${missing}]`, fn)
  else describe(title, fn)
}

/** Same for one test. */
export function itWithBinaries(
  names: Requirement[],
  title: string,
  fn: () => Promise<unknown>,
  timeout?: number
): void {
  const missing = missingBinary(names)
  if (missing) it.skip(`${title} [skipped: ${missing}]`, fn, timeout)
  else it(title, fn, timeout)
}

/** Chromium's path after a successful probe (playwright-core's executablePath). */
export function chromiumPath(): string {
  const probe = probeBinary("chromium")
  if (!probe.ok) throw new Error(probe.reason)
  return probe.path
}

/** Flags for headless Chromium as root in a container. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
]
