import fs from "node:fs"
import path from "node:path"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { MedusaModule } from "@medusajs/framework/modules-sdk"
import Redis from "ioredis"
import { metrics } from "./metrics"

export type CheckResult = { status: "ok" | "fail" | "skipped"; error?: string; pending?: number }
export type Readiness = { status: "ok" | "unavailable"; checks: Record<string, CheckResult> }

const CHECK_TIMEOUT_MS = Number(process.env.READY_CHECK_TIMEOUT_MS || 2000)

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

/** Names of the migration files shipped by every loaded module (core and ours). */
export function expectedMigrations(): Set<string> {
  const names = new Set<string>()
  for (const resolution of MedusaModule.getAllModuleResolutions() as any[]) {
    const resolved = resolution?.resolutionPath
    if (typeof resolved !== "string") continue
    let entry: string
    try {
      entry = require.resolve(resolved)
    } catch {
      continue
    }
    const dir = path.join(path.dirname(entry), "migrations")
    if (!fs.existsSync(dir)) continue
    for (const file of fs.readdirSync(dir)) {
      if (!/^Migration.*\.(js|ts)$/.test(file) || file.endsWith(".d.ts")) continue
      names.add(file.replace(/\.(js|ts)$/, ""))
    }
  }
  return names
}

let migrationsOk = false

async function checkMigrations(pg: any): Promise<CheckResult> {
  // Once everything is applied it stays applied for the life of the process.
  if (migrationsOk) return { status: "ok" }
  const expected = expectedMigrations()
  const rows: { name: string }[] = await pg("mikro_orm_migrations").select("name")
  const applied = new Set(rows.map((r) => r.name.replace(/\.(js|ts)$/, "")))
  const pending = [...expected].filter((name) => !applied.has(name))
  if (pending.length) {
    return {
      status: "fail",
      pending: pending.length,
      error: `${pending.length} pending migrations`,
    }
  }
  migrationsOk = true
  return { status: "ok" }
}

let redisClient: Redis | undefined
let redisClientUrl: string | undefined

function redisFor(url: string): Redis {
  if (!redisClient || redisClientUrl !== url) {
    redisClient?.disconnect()
    redisClient = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: CHECK_TIMEOUT_MS,
      retryStrategy: () => null,
    })
    redisClient.on("error", () => {
      // reported by the check; an unhandled error event would crash the process
    })
    redisClientUrl = url
  }
  return redisClient
}

async function checkRedis(url: string): Promise<CheckResult> {
  const client = redisFor(url)
  if (client.status !== "ready") {
    // A client that gave up reconnecting is replaced by a fresh one.
    if (client.status === "end" || client.status === "close") {
      client.disconnect()
      redisClient = undefined
      return checkRedis(url)
    }
    await client.connect()
  }
  const pong = await client.ping()
  if (pong !== "PONG") throw new Error(`unexpected PING reply ${pong}`)
  return { status: "ok" }
}

async function run(name: string, fn: () => Promise<CheckResult>): Promise<CheckResult> {
  try {
    return await withTimeout(fn(), CHECK_TIMEOUT_MS, name)
  } catch (err) {
    return { status: "fail", error: (err as Error).message || "failed" }
  }
}

/** Readiness: database answers, all module migrations applied, Redis answers when configured. */
export async function checkReadiness(
  container: MedusaContainer,
  redisUrl = process.env.REDIS_URL
): Promise<Readiness> {
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const database = await run("database", async () => {
    await pg.raw("select 1")
    return { status: "ok" }
  })
  const migrations =
    database.status === "ok"
      ? await run("migrations", () => checkMigrations(pg))
      : ({ status: "skipped", error: "database unavailable" } as CheckResult)
  const checks: Record<string, CheckResult> = { database, migrations }
  checks.redis = redisUrl
    ? await run("redis", () => checkRedis(redisUrl))
    : { status: "skipped", error: "REDIS_URL not configured" }

  const gauge = metrics().dependencyUp
  for (const [name, result] of Object.entries(checks)) {
    if (result.status !== "skipped") gauge.set({ dependency: name }, result.status === "ok" ? 1 : 0)
  }
  const ok = Object.values(checks).every((c) => c.status !== "fail")
  return { status: ok ? "ok" : "unavailable", checks }
}

export async function closeReadiness(): Promise<void> {
  redisClient?.disconnect()
  redisClient = undefined
}
