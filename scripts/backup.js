#!/usr/bin/env node
// `npm run backup [-- --out <dir>] [--database-url <url>]`: a consistent, compressed,
// checksummed logical backup of the store's database (docs/operations.md, decision 0196).
const path = require("path")
const { describeError } = require("./lib/postgres")
const { createBackup } = require("./lib/backup")
const { root, dataDir, withStoreDatabase, parseArgs } = require("./lib/store-database")

const log = (m) => process.stdout.write(`[backup] ${m}\n`)
// A reader that stops early (`| head -1`) must not abort the work.
process.stdout.on("error", (e) => {
  if (e.code !== "EPIPE") throw e
})

async function main() {
  const args = parseArgs(process.argv.slice(2), { options: ["out", "database-url"] })
  if (args._.length)
    throw new Error(`unexpected argument "${args._[0]}" (usage: npm run backup -- --out <dir>)`)
  const outDir = path.resolve(args.out || path.join(dataDir, "backups"))
  await withStoreDatabase({ url: args["database-url"], log }, async (url) => {
    const { dir, manifest } = await createBackup({ connection: url, outDir, root, log })
    // The last line is the backup's path, for scripts: `dir=$(npm run -s backup | tail -1)`.
    log(`sha256 ${manifest.checksum.value}`)
    process.stdout.write(`${dir}\n`)
  })
}

main().catch((e) => {
  process.stderr.write(`[backup] failed: ${describeError(e)}\n`)
  process.exit(1)
})
