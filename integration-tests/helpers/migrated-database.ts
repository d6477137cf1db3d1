import { spawnSync } from "node:child_process"
import { createHash, randomBytes } from "node:crypto"
import fs from "node:fs"
import path from "node:path"
import { Client } from "pg"

const root = path.resolve(__dirname, "../..")

function connection(database = "postgres") {
  return new Client({
    host: process.env.DB_HOST || "localhost",
    port: Number(process.env.DB_PORT || 5432),
    user: process.env.DB_USERNAME || "postgres",
    password: process.env.DB_PASSWORD || undefined,
    database,
  })
}

export function databaseUrl(name: string) {
  const user = process.env.DB_USERNAME || "postgres"
  const password = process.env.DB_PASSWORD ? `:${encodeURIComponent(process.env.DB_PASSWORD)}` : ""
  const host = process.env.DB_HOST || "localhost"
  return `postgres://${user}${password}@${host}:${process.env.DB_PORT || 5432}/${name}`
}

/** Identifies the migration set: Medusa's version plus our modules' migration files. */
function migrationsKey(): string {
  const hash = createHash("sha1")
  hash.update(require("@medusajs/medusa/package.json").version)
  const modules = path.join(root, "src/modules")
  if (fs.existsSync(modules)) {
    for (const mod of fs.readdirSync(modules).sort()) {
      const dir = path.join(modules, mod, "migrations")
      if (fs.existsSync(dir)) hash.update(`${mod}:${fs.readdirSync(dir).sort().join(",")}`)
    }
  }
  return hash.digest("hex").slice(0, 10)
}

async function exists(db: Client, name: string) {
  const r = await db.query("select 1 from pg_database where datname = $1", [name])
  return r.rowCount! > 0
}

/**
 * A fresh, fully migrated database for a test that runs a real `medusa start`.
 * `medusa db:migrate` is slow, so it runs once per migration set into a
 * template database; each test then gets a copy (CREATE DATABASE … TEMPLATE).
 */
export async function createMigratedDatabase(): Promise<{
  name: string
  drop: () => Promise<void>
}> {
  const template = `commerce_test_tpl_${migrationsKey()}`
  const admin = connection()
  await admin.connect()
  try {
    if (!(await exists(admin, template))) {
      const building = `${template}_${randomBytes(3).toString("hex")}`
      await admin.query(`create database "${building}"`)
      const r = spawnSync(
        process.execPath,
        [path.join(root, "node_modules/.bin/medusa"), "db:migrate"],
        {
          cwd: root,
          env: { ...process.env, DATABASE_URL: databaseUrl(building), ADMIN_DISABLED: "true" },
          encoding: "utf8",
        }
      )
      if (r.status !== 0) throw new Error(`db:migrate failed: ${r.stderr || r.stdout}`)
      // Publish atomically; a concurrent builder that lost the race just drops its copy.
      // (Another jest worker may publish between the check and the rename: 42P04.)
      const published = await admin
        .query(`alter database "${building}" rename to "${template}"`)
        .then(() => true)
        .catch((e) => {
          if (e?.code !== "42P04") throw e
          return false
        })
      if (!published) await admin.query(`drop database "${building}"`)
    }
    const name = `commerce_test_proc_${randomBytes(4).toString("hex")}`
    await admin.query(`create database "${name}" template "${template}"`)
    return {
      name,
      drop: async () => {
        const c = connection()
        await c.connect()
        await c.query(`drop database if exists "${name}" with (force)`)
        await c.end()
      },
    }
  } finally {
    await admin.end()
  }
}
