// Creates the schema (TypeORM synchronize) and seeds the bench_vendure
// database with Vendure's own sample data through populate(): initial-data.json
// (countries, the Europe zone with its tax rates, the two flat-price shipping
// methods) and products.csv (the sample catalog), both from @vendure/create.
// Changes: the payment method uses the bench handler (settles at once), and
// images are left out (no asset server in the bench).
const fs = require("fs")
const os = require("os")
const path = require("path")
const { parse } = require("csv-parse/sync")
const { bootstrap, JobQueueService } = require("@vendure/core")
const { populate } = require("@vendure/core/cli")
const { vendureConfig, benchPaymentHandler } = require("./vendure-config")

const assets = path.join(path.dirname(require.resolve("@vendure/create/package.json")), "assets")

function csvWithoutAssets() {
  const rows = parse(fs.readFileSync(path.join(assets, "products.csv"), "utf8"), { trim: true })
  const head = rows[0]
  const blank = ["assets", "variantAssets"].map((c) => head.indexOf(c))
  const quote = (v) => (/[",\n|]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
  const out = rows.map((r, i) =>
    r.map((v, j) => (i > 0 && blank.includes(j) ? "" : quote(v))).join(",")
  )
  const file = path.join(os.tmpdir(), `bench-vendure-products-${process.pid}.csv`)
  fs.writeFileSync(file, out.join("\n") + "\n")
  return file
}

async function main() {
  const initialData = JSON.parse(fs.readFileSync(path.join(assets, "initial-data.json"), "utf8"))
  initialData.paymentMethods = [
    { name: "Bench Payment", handler: { code: benchPaymentHandler.code, arguments: [] } },
  ]
  initialData.collections = initialData.collections.map((c) => ({ ...c, assetPaths: [] }))
  const csv = csvWithoutAssets()
  const config = vendureConfig({ synchronize: true })
  const app = await populate(
    async () => {
      // The server, not a worker: the in-memory job queue runs only in the server process.
      const app = await bootstrap(config)
      await app.get(JobQueueService).start()
      return app
    },
    initialData,
    csv
  )
  // Let the search index jobs the import queued finish.
  await new Promise((r) => setTimeout(r, 5000))
  await app.close()
  fs.rmSync(csv, { force: true })
}

main().catch((err) => {
  process.stderr.write(`${err.stack || err}\n`)
  process.exit(1)
})
