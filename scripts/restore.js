#!/usr/bin/env node
// `npm run restore -- <backup-dir> [--database-url <url>] [--force]`: verifies the backup's
// checksums, then restores it into a new or empty database (decision 0196).
const crypto = require("crypto")
const path = require("path")
const { spawnSync } = require("child_process")
const { describeError, ensureDatabaseAt } = require("./lib/postgres")
const { restoreBackup, verifyBackup } = require("./lib/backup")
const { ensureBuild, serverDir, medusaBin } = require("./lib/medusa")
const { withStoreDatabase, parseArgs } = require("./lib/store-database")

const log = (m) => process.stdout.write(`[restore] ${m}\n`)
// A reader that stops early (`| head -1`) must not abort the work.
process.stdout.on("error", (e) => {
  if (e.code !== "EPIPE") throw e
})

/** `medusa db:migrate` of the production build (built first when stale, as `npm start` does). */
function migrateWith(url) {
  return async () => {
    const secret = crypto.randomBytes(32).toString("hex")
    const env = {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: url,
      JWT_SECRET: process.env.JWT_SECRET || secret,
      COOKIE_SECRET: process.env.COOKIE_SECRET || secret,
    }
    if (!env.MEDUSA_BACKEND_URL) delete env.MEDUSA_BACKEND_URL
    ensureBuild(env, log)
    const r = spawnSync(medusaBin, ["db:migrate"], { cwd: serverDir, env, encoding: "utf8" })
    if (r.status !== 0) {
      throw new Error(
        `medusa db:migrate failed (exit ${r.status}):\n${(r.stdout + r.stderr).slice(-4000)}`
      )
    }
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2), { flags: ["force"], options: ["database-url"] })
  if (args._.length !== 1) {
    throw new Error("usage: npm run restore -- <backup-dir> [--database-url <url>] [--force]")
  }
  const dir = path.resolve(args._[0])
  // Before any connection: a damaged backup changes nothing, not even a created database.
  await verifyBackup(dir)
  await withStoreDatabase(
    { url: args["database-url"], log, requireExisting: false },
    async (url) => {
      const { created } = await ensureDatabaseAt(url, { source: "the target database URL", log })
      try {
        await restoreBackup({
          dir,
          connection: url,
          force: !!args.force,
          migrate: migrateWith(url),
          log,
        })
      } catch (e) {
        if (created) {
          log("removing the database this run created")
          await dropDatabase(url).catch((err) => log(`could not drop it: ${describeError(err)}`))
        }
        throw e
      }
    }
  )
}

async function dropDatabase(url) {
  const { Client } = require("pg")
  const u = new URL(url)
  const name = decodeURIComponent(u.pathname.slice(1))
  u.pathname = "/postgres"
  const admin = new Client({ connectionString: u.toString() })
  await admin.connect()
  try {
    await admin.query(`drop database if exists ${admin.escapeIdentifier(name)} with (force)`)
  } finally {
    await admin.end()
  }
}

main().catch((e) => {
  process.stderr.write(`[restore] failed: ${describeError(e)}\n`)
  process.exit(1)
})
