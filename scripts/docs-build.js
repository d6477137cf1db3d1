#!/usr/bin/env node
// `npm run docs:build`: regenerates docs/openapi/openapi.{json,yaml}, the Postman collection
// and environment in docs/postman/, and the endpoint table in docs/architecture.md, from
// src/openapi, and docs/graphql/schema.graphql from the plugin's GraphQL SDL. Output is deterministic. `--check` writes nothing and exits 1 on drift.
// When .data/demo.json exists (after `npm start`), also writes a ready-to-use local
// Postman environment with the real publishable key to .data/ (never committed).
const fs = require("fs")
const path = require("path")

const root = path.resolve(__dirname, "..")
require("ts-node").register({
  transpileOnly: true,
  project: path.join(root, "tsconfig.json"),
})
const { renderArtifacts } = require("../packages/plugin/src/openapi/artifacts")
const { buildPostmanEnvironment } = require("../packages/plugin/src/openapi/postman")

const check = process.argv.includes("--check")
const archFile = path.join(root, "docs/architecture.md")
const arch = fs.existsSync(archFile) ? fs.readFileSync(archFile, "utf8") : undefined
const files = renderArtifacts(undefined, arch)
// The GraphQL schema, printed from the plugin's SDL (docs/graphql.md).
const {
  GRAPHQL_SCHEMA_FILE,
  printStorefrontSchema,
} = require("../packages/plugin/src/lib/graphql/print")
files[GRAPHQL_SCHEMA_FILE] = printStorefrontSchema()

const drift = []
for (const [rel, content] of Object.entries(files)) {
  const file = path.join(root, rel)
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null
  if (current === content) continue
  drift.push(rel)
  if (!check) {
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, content)
  }
}

const demoFile = path.join(root, ".data/demo.json")
if (!check && fs.existsSync(demoFile)) {
  const demo = JSON.parse(fs.readFileSync(demoFile, "utf8"))
  const env = buildPostmanEnvironment({
    baseUrl: demo.baseUrl,
    publishableKey: demo.publishableKey,
  })
  fs.writeFileSync(
    path.join(root, ".data/commerce-api.local.postman_environment.json"),
    JSON.stringify(env, null, 2) + "\n"
  )
  process.stdout.write(
    "wrote .data/commerce-api.local.postman_environment.json (npm start values)\n"
  )
}

if (check) {
  if (drift.length) {
    process.stderr.write(`docs are stale, run npm run docs:build:\n  ${drift.join("\n  ")}\n`)
    process.exit(1)
  }
  process.stdout.write("docs are up to date\n")
} else {
  process.stdout.write(drift.length ? `updated:\n  ${drift.join("\n  ")}\n` : "docs unchanged\n")
}
