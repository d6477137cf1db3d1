// Logical backup and restore of the store's database in plain Node (pg + pg-copy-streams), so it
// works the same against the embedded Postgres 17 (which ships no pg_dump) and any external
// server, whatever client tools the machine has. Why this method: docs/decisions/0196.
//
// A backup is a directory:
//   manifest.json          what, when, from which code (Medusa version, migrations), per-file sizes
//                          and sha256, the sequences' values, and one checksum over all files
//   SHA256SUMS             the same file checksums, for `sha256sum -c`
//   tables/NNNN-<schema>.<table>.copy.gz   each table's rows in COPY text format, gzip-compressed
const crypto = require("crypto")
const fs = require("fs")
const path = require("path")
const { Transform } = require("stream")
const { pipeline } = require("stream/promises")
const zlib = require("zlib")
const { Client } = require("pg")
const { to: copyTo, from: copyFrom } = require("pg-copy-streams")

const FORMAT = "commerce-api-backup/1"
const MANIFEST = "manifest.json"
const SUMS = "SHA256SUMS"
/** Medusa 2.21.2's bookkeeping tables: module migrations, migration scripts, link tables. */
const MIGRATION_TABLES = {
  mikro_orm_migrations: "name",
  script_migrations: "script_name",
  link_module_migrations: "table_name",
}
const SYSTEM_SCHEMAS = `n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'`

function quoteIdent(name) {
  return `"${String(name).replace(/"/g, '""')}"`
}
const qualified = (t) => `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`

/** Counts bytes and rows (COPY text format: one line per row, newlines inside values escaped). */
function rowCounter() {
  const counter = new Transform({
    transform(chunk, _enc, done) {
      counter.bytes += chunk.length
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) counter.rows++
      done(null, chunk)
    },
  })
  counter.bytes = 0
  counter.rows = 0
  return counter
}

function sha256File(file) {
  return new Promise((resolve, reject) => {
    const hash = crypto.createHash("sha256")
    fs.createReadStream(file)
      .on("error", reject)
      .on("data", (d) => hash.update(d))
      .on("end", () => resolve(hash.digest("hex")))
  })
}

/**
 * The backup's checksum: sha256 of the manifest's JSON without this field. The manifest holds
 * every data file's sha256, so it covers the data, the sequences' values and the metadata.
 */
function manifestChecksum(body) {
  return {
    algorithm: "sha256",
    of: "the manifest's JSON without this field (it lists every file's sha256)",
    value: sha256(JSON.stringify(body)),
  }
}

/** `sha256sum` format. */
function sumsText(files) {
  return files.map((f) => `${f.sha256}  ${f.path}\n`).join("")
}

function sha256(text) {
  return crypto.createHash("sha256").update(text).digest("hex")
}

/** Ordinary tables of every non-system schema, with their columns (generated ones excluded). */
async function listTables(client) {
  const { rows } = await client.query(`
    select n.nspname::text as schema, c.relname::text as name,
           array_agg(a.attname::text order by a.attnum) as columns,
           array_agg(format_type(a.atttypid, a.atttypmod) order by a.attnum) as types
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                         and a.attgenerated = ''
     where c.relkind = 'r' and ${SYSTEM_SCHEMAS}
     group by n.nspname, c.relname
     order by n.nspname, c.relname`)
  return rows
}

async function listSequences(client) {
  const { rows } = await client.query(`
    select n.nspname as schema, c.relname as name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind = 'S' and ${SYSTEM_SCHEMAS}
     order by 1, 2`)
  return rows
}

/** The applied migrations, per bookkeeping table (sorted names), as the code that made them sees them. */
async function migrationState(client, tables) {
  const state = {}
  for (const [table, column] of Object.entries(MIGRATION_TABLES)) {
    const t = tables.find((x) => x.schema === "public" && x.name === table)
    if (!t || !t.columns.includes(column)) continue
    const { rows } = await client.query(
      `select ${quoteIdent(column)} as name from ${qualified(t)} order by 1`
    )
    state[table] = rows.map((r) => r.name)
  }
  return state
}

function codeVersions(root) {
  const read = (file) => {
    try {
      return JSON.parse(fs.readFileSync(file, "utf8")).version
    } catch {
      return null
    }
  }
  let commit = null
  try {
    commit = require("child_process")
      .execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8", stdio: "pipe" })
      .trim()
  } catch {
    // not a git checkout (a Docker image): the versions below still identify the code
  }
  return {
    app: read(path.join(root, "package.json")),
    plugin: read(path.join(root, "packages", "plugin", "package.json")),
    medusa: read(require.resolve("@medusajs/medusa/package.json")),
    commit,
  }
}

/**
 * Writes a backup of the database `connection` (a pg config or URL string) into a new
 * directory under `outDir`; returns { dir, manifest }.
 *
 * Consistency: every read runs in ONE `REPEATABLE READ, READ ONLY` transaction, so all tables
 * come from the same MVCC snapshot (the one taken by its first query): a checkout that
 * commits during the backup is either wholly in it or wholly absent, and writers are never
 * blocked. ACCESS SHARE locks on every table keep DDL (a migration) out until it ends.
 */
async function createBackup({ connection, outDir, root, log = () => {} }) {
  const started = Date.now()
  const client = new Client(
    typeof connection === "string" ? { connectionString: connection } : connection
  )
  await client.connect()
  const stamp = new Date().toISOString().replace(/[:.]/g, "-")
  let dir = null
  let partial = null
  try {
    await client.query("begin isolation level repeatable read, read only")
    // A server- or role-wide statement_timeout must not cut a long COPY; a migration holding
    // a table must not make the backup wait forever.
    await client.query("set local statement_timeout = 0")
    await client.query("set local idle_in_transaction_session_timeout = 0")
    await client.query("set local lock_timeout = '60s'")
    const { rows: info } = await client.query(
      `select now() as snapshot_at, current_database() as database,
              current_setting('server_version') as server_version,
              pg_encoding_to_char(encoding) as encoding
         from pg_database where datname = current_database()`
    )
    const tables = await listTables(client)
    if (tables.length) {
      await client.query(`lock table ${tables.map(qualified).join(", ")} in access share mode`)
    }
    const name = `commerce-${info[0].database}-${stamp}`
    dir = path.join(outDir, name)
    partial = path.join(outDir, `.partial-${name}`)
    fs.mkdirSync(path.join(partial, "tables"), { recursive: true, mode: 0o700 })

    const files = []
    let rows = 0
    let rawBytes = 0
    for (const [i, t] of tables.entries()) {
      const rel = `tables/${String(i + 1).padStart(4, "0")}-${t.schema}.${t.name}.copy.gz`
      const counter = rowCounter()
      const cols = t.columns.map(quoteIdent).join(", ")
      await pipeline(
        client.query(copyTo(`copy ${qualified(t)} (${cols}) to stdout`)),
        counter,
        zlib.createGzip({ level: 6 }),
        fs.createWriteStream(path.join(partial, rel), { mode: 0o600 })
      )
      const file = path.join(partial, rel)
      files.push({
        path: rel,
        schema: t.schema,
        table: t.name,
        columns: t.columns,
        types: t.types,
        rows: counter.rows,
        bytes: fs.statSync(file).size,
        sha256: await sha256File(file),
      })
      rows += counter.rows
      rawBytes += counter.bytes
    }
    // Sequences are not transactional: this reads their current value, which is at least
    // the value of any row in the snapshot, so restored ids never collide.
    const sequences = []
    for (const s of await listSequences(client)) {
      const { rows: r } = await client.query(
        `select last_value::text as last_value, is_called from ${qualified(s)}`
      )
      sequences.push({ schema: s.schema, name: s.name, ...r[0] })
    }
    const migrations = await migrationState(client, tables)
    await client.query("rollback")

    const bytes = files.reduce((n, f) => n + f.bytes, 0)
    const body = {
      format: FORMAT,
      created_at: new Date(started).toISOString(),
      snapshot_at: new Date(info[0].snapshot_at).toISOString(),
      duration_ms: Date.now() - started,
      source: {
        database: info[0].database,
        server_version: info[0].server_version,
        encoding: info[0].encoding,
      },
      versions: codeVersions(root),
      migrations,
      size: { bytes, uncompressed_bytes: rawBytes, rows, tables: files.length },
      files,
      sequences,
    }
    const manifest = { ...body, checksum: manifestChecksum(body) }
    fs.writeFileSync(path.join(partial, MANIFEST), JSON.stringify(manifest, null, 2) + "\n", {
      mode: 0o600,
    })
    // For `sha256sum -c SHA256SUMS`; restore checks the manifest's own checksums.
    const manifestFile = { path: MANIFEST, sha256: await sha256File(path.join(partial, MANIFEST)) }
    fs.writeFileSync(path.join(partial, SUMS), sumsText([...files, manifestFile]), { mode: 0o600 })
    // Appears under its final name only when complete.
    fs.renameSync(partial, dir)
    partial = null
    log(
      `backup of "${info[0].database}" written to ${dir}: ${files.length} tables, ${rows} rows, ` +
        `${formatBytes(bytes)} compressed (${formatBytes(rawBytes)} raw) in ${((Date.now() - started) / 1000).toFixed(1)}s`
    )
    return { dir, manifest }
  } finally {
    if (partial) fs.rmSync(partial, { recursive: true, force: true })
    await client.end().catch(() => {})
  }
}

function formatBytes(n) {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 / 1024).toFixed(1)} MiB`
}

/** Thrown when a backup fails verification; nothing has been touched when it is. */
class BackupDamagedError extends Error {}

/**
 * Reads and checks a backup directory before anything is written anywhere: the manifest's
 * format, every file's presence, size and sha256, and the checksum over all of them.
 */
async function verifyBackup(dir) {
  const damaged = (why) =>
    new BackupDamagedError(`backup ${dir} is damaged: ${why}; nothing was restored`)
  const manifestFile = path.join(dir, MANIFEST)
  if (!fs.existsSync(manifestFile)) {
    throw new BackupDamagedError(`${dir} is not a backup (no ${MANIFEST}); nothing was restored`)
  }
  let manifest
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"))
  } catch (e) {
    throw damaged(`${MANIFEST} is not valid JSON (${e.message})`)
  }
  if (manifest.format !== FORMAT) {
    throw damaged(`${MANIFEST} has format "${manifest.format}", expected "${FORMAT}"`)
  }
  if (!Array.isArray(manifest.files) || !Array.isArray(manifest.sequences) || !manifest.checksum) {
    throw damaged(`${MANIFEST} lacks its file list, sequences or checksum`)
  }
  const { checksum, ...body } = manifest
  const expected = manifestChecksum(body).value
  if (checksum.value !== expected) {
    throw damaged(
      `checksum mismatch: ${MANIFEST} hashes to ${expected}, but its checksum says ${checksum.value}`
    )
  }
  for (const f of manifest.files) {
    if (typeof f.path !== "string" || !/^tables\/[^/]+\.copy\.gz$/.test(f.path)) {
      throw damaged(`${MANIFEST} names an unexpected file "${f.path}"`)
    }
    const file = path.join(dir, f.path)
    if (!fs.existsSync(file)) throw damaged(`${f.path} is missing`)
    const size = fs.statSync(file).size
    if (size !== f.bytes) throw damaged(`${f.path} has ${size} bytes, the manifest says ${f.bytes}`)
    const actual = await sha256File(file)
    if (actual !== f.sha256) {
      throw damaged(
        `checksum mismatch: ${f.path} has sha256 ${actual}, the manifest says ${f.sha256}`
      )
    }
  }
  return manifest
}

/** Tables in the non-system schemas of the database `client` is connected to. */
async function tableCount(client) {
  const { rows } = await client.query(
    `select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'm', 'S') and ${SYSTEM_SCHEMAS}`
  )
  return rows[0].n
}

function diffList(want, have) {
  const a = new Set(want)
  const b = new Set(have)
  return { missing: want.filter((x) => !b.has(x)), extra: have.filter((x) => !a.has(x)) }
}

/**
 * Compares the freshly migrated target with the backup: same migrations applied, every table
 * and column of the backup present with the same type, no table the backup does not fill.
 */
function schemaProblems(manifest, tables, migrations) {
  const problems = []
  for (const table of new Set([...Object.keys(manifest.migrations), ...Object.keys(migrations)])) {
    const { missing, extra } = diffList(manifest.migrations[table] || [], migrations[table] || [])
    if (missing.length)
      problems.push(`${table}: the backup has ${missing.join(", ")}, this code does not`)
    if (extra.length)
      problems.push(`${table}: this code has ${extra.join(", ")}, the backup does not`)
  }
  const byName = new Map(tables.map((t) => [`${t.schema}.${t.name}`, t]))
  const inBackup = new Set()
  for (const f of manifest.files) {
    const key = `${f.schema}.${f.table}`
    inBackup.add(key)
    const t = byName.get(key)
    if (!t) {
      problems.push(`table ${key} is in the backup but not in the migrated database`)
      continue
    }
    f.columns.forEach((col, i) => {
      const at = t.columns.indexOf(col)
      if (at === -1) problems.push(`column ${key}.${col} is in the backup but not in the database`)
      else if (t.types[at] !== f.types[i])
        problems.push(`column ${key}.${col} is ${f.types[i]} in the backup, ${t.types[at]} here`)
    })
  }
  for (const key of byName.keys()) {
    if (!inBackup.has(key)) problems.push(`table ${key} exists here but is not in the backup`)
  }
  return problems
}

/**
 * Restores a verified backup into the database `connection` (a pg config or URL):
 * 1. verifies the backup (nothing is touched when it is damaged);
 * 2. refuses a database that has tables unless `force` (then its schemas are dropped);
 * 3. `migrate()` creates the schema with this checkout's migrations; it must match the backup's;
 * 4. in ONE transaction: empty every table, drop the foreign keys, COPY every table in (row
 *    counts checked), re-create the foreign keys (which validates them), set the sequences.
 */
async function restoreBackup({ dir, connection, force = false, migrate, log = () => {} }) {
  const started = Date.now()
  const manifest = await verifyBackup(dir)
  log(`backup verified: ${manifest.files.length} files, sha256 ${manifest.checksum.value}`)
  const config = typeof connection === "string" ? { connectionString: connection } : connection
  const client = new Client(config)
  await client.connect()
  try {
    const existing = await tableCount(client)
    if (existing > 0) {
      if (!force) {
        throw new Error(
          `database "${client.database}" is not empty (${existing} tables, sequences or views); ` +
            `restore into a new or empty database, or pass --force to replace its contents`
        )
      }
      const { rows } = await client.query(
        `select nspname from pg_namespace n where ${SYSTEM_SCHEMAS} order by 1`
      )
      log(
        `--force: dropping schemas ${rows.map((r) => r.nspname).join(", ")} of "${client.database}"`
      )
      for (const r of rows) await client.query(`drop schema ${quoteIdent(r.nspname)} cascade`)
      await client.query("create schema if not exists public")
    }
  } finally {
    await client.end()
  }

  log("creating the schema with this checkout's migrations (medusa db:migrate)...")
  await migrate()
  const migrated = Date.now()

  const db = new Client(config)
  await db.connect()
  try {
    const tables = await listTables(db)
    const problems = schemaProblems(manifest, tables, await migrationState(db, tables))
    if (problems.length) {
      throw new Error(
        `the backup was made by other code than this checkout (${describeVersions(manifest.versions)}); ` +
          `check that code out and restore again. Differences:\n  - ${problems.slice(0, 20).join("\n  - ")}`
      )
    }
    await db.query("begin")
    const { rows: fks } = await db.query(`
      select format('%I.%I', n.nspname, c.relname) as rel, co.conname as name,
             pg_get_constraintdef(co.oid) as def
        from pg_constraint co
        join pg_class c on c.oid = co.conrelid
        join pg_namespace n on n.oid = c.relnamespace
       where co.contype = 'f' and ${SYSTEM_SCHEMAS}`)
    for (const fk of fks)
      await db.query(`alter table ${fk.rel} drop constraint ${quoteIdent(fk.name)}`)
    if (tables.length) await db.query(`truncate ${tables.map(qualified).join(", ")}`)
    let rows = 0
    for (const f of manifest.files) {
      const cols = f.columns.map(quoteIdent).join(", ")
      const target = `${quoteIdent(f.schema)}.${quoteIdent(f.table)}`
      const sink = db.query(copyFrom(`copy ${target} (${cols}) from stdin`))
      await pipeline(fs.createReadStream(path.join(dir, f.path)), zlib.createGunzip(), sink)
      if (sink.rowCount !== f.rows) {
        throw new Error(`${f.path}: ${sink.rowCount} rows loaded, the manifest says ${f.rows}`)
      }
      rows += f.rows
    }
    for (const fk of fks) {
      await db.query(`alter table ${fk.rel} add constraint ${quoteIdent(fk.name)} ${fk.def}`)
    }
    for (const s of manifest.sequences) {
      await db.query(`select setval($1::regclass, $2::bigint, $3)`, [
        `${quoteIdent(s.schema)}.${quoteIdent(s.name)}`,
        s.last_value,
        s.is_called,
      ])
    }
    await db.query("commit")
    await db.query("analyze")
    log(
      `restored ${manifest.files.length} tables, ${rows} rows and ${manifest.sequences.length} sequences ` +
        `into "${db.database}" in ${((Date.now() - started) / 1000).toFixed(1)}s ` +
        `(migrations ${((migrated - started) / 1000).toFixed(1)}s, data ${((Date.now() - migrated) / 1000).toFixed(1)}s)`
    )
    return { manifest, rows }
  } catch (e) {
    await db.query("rollback").catch(() => {})
    throw e
  } finally {
    await db.end().catch(() => {})
  }
}

function describeVersions(v = {}) {
  return [
    v.app && `app ${v.app}`,
    v.medusa && `Medusa ${v.medusa}`,
    v.commit && `commit ${v.commit.slice(0, 12)}`,
  ]
    .filter(Boolean)
    .join(", ")
}

module.exports = {
  FORMAT,
  BackupDamagedError,
  createBackup,
  verifyBackup,
  restoreBackup,
  formatBytes,
}
