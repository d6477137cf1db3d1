/**
 * A vanilla Medusa 2.21.2 app that gets a plugin the way a user gets it: `npm pack` of the
 * plugin package, a create-medusa-app backend (integration-tests/vanilla-app/template, only
 * npm packages, no source of ours) with the tarball as a dependency and one `plugins` entry,
 * its own `npm install` (plain: no --legacy-peer-deps, so an ERESOLVE fails it), its own
 * database, `medusa db:migrate`, `medusa user`, `medusa build` (admin included) and
 * `medusa start` of `.medusa/server` in production mode.
 *
 * Cached between runs, and only what cannot change the result: the plugin build when its
 * sources did not change, and the app's node_modules (one directory per template), which
 * `npm install` then brings to the new tarball itself. Every run packs, installs, migrates a
 * new database, builds and starts.
 */
import { type ChildProcess, spawn } from "node:child_process"
import crypto from "node:crypto"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { Client } from "pg"
import { freePortSync } from "./ports"

const TEMPLATE_DIR = path.resolve(__dirname, "..", "vanilla-app", "template")
const TEMPLATE_FILES = ["package.json", "tsconfig.json", "medusa-config.ts"]
const PLUGINS_MARKER = "/* @vanilla-app:plugins */"
const MODULES_MARKER = "/* @vanilla-app:modules */"

export type Phase = "plugin:build" | "pack" | "install" | "migrate" | "user" | "build" | "start"

export type PackedFile = { path: string; size: number }

export type PackedPlugin = {
  name: string
  version: string
  tarball: string
  /** Bytes of the .tgz. */
  size: number
  unpackedSize: number
  integrity: string
  files: PackedFile[]
  /** The package.json inside the tarball (what the app's npm reads). */
  manifest: PluginManifest
}

export type PluginManifest = {
  name: string
  version: string
  exports?: Record<string, unknown>
  files?: string[]
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
  devDependencies?: Record<string, string>
}

/** The vanilla app's package.json as the template has it (before the plugin is added). */
export function templatePackage(): {
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
} {
  return JSON.parse(fs.readFileSync(path.join(TEMPLATE_DIR, "package.json"), "utf8"))
}

export type VanillaAppOptions = {
  /** The plugin package directory (has package.json and src/). */
  pluginDir: string
  /**
   * The medusa-config.ts `plugins` entries as TypeScript source, given the package name,
   * e.g. (name) => `{ resolve: "${name}", options: { reviews: { autoApproveVerified: false } } }`.
   * Read at build time and at start (process.env works in it).
   */
  plugins: (packageName: string) => string
  /** medusa-config.ts `modules` entries as TypeScript source (e.g. a notification provider). */
  modules?: (packageName: string) => string
  /** Extra environment for `medusa start` (and migrate/build, which load the same config). */
  env?: Record<string, string>
  log?: (message: string) => void
}

export type VanillaApp = {
  baseUrl: string
  databaseUrl: string
  adminEmail: string
  adminPassword: string
  appDir: string
  serverDir: string
  plugin: PackedPlugin
  /** Milliseconds per phase; plugin:build is 0 when its output was fresh. */
  timings: Record<Phase, number>
  /** What `npm install` printed. */
  installOutput: string
  /** Server log so far. */
  output: () => string
  /** SIGTERM to the server's process group (SIGKILL after 10 s), then drops the database. */
  stop: () => Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

function dbConfig() {
  return {
    host: process.env.DB_HOST || "localhost",
    port: Number(process.env.DB_PORT || 5432),
    user: process.env.DB_USERNAME || "postgres",
    password: process.env.DB_PASSWORD || "",
  }
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ ...dbConfig(), database: "postgres" })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/**
 * Only what a shell on a fresh machine has: none of this repository's settings (NODE_ENV=test,
 * DATABASE_URL, feature env) and none of the npm_config_* that `npm test` exports, which would
 * otherwise reach the app's npm (a user's legacy-peer-deps=true would hide an ERESOLVE).
 */
function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const key of ["PATH", "HOME", "TMPDIR", "LANG", "TERM", "CI"]) {
    if (process.env[key] !== undefined) env[key] = process.env[key]
  }
  env.MEDUSA_DISABLE_TELEMETRY = "true"
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v
  return env
}

export type RunResult = { code: number | null; output: string }

/** Runs a command to its end, collecting stdout and stderr together. */
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    child.stdout.on("data", (d) => (output += d))
    child.stderr.on("data", (d) => (output += d))
    child.once("error", reject)
    child.once("close", (code) => resolve({ code, output }))
  })
}

async function mustRun(
  what: string,
  cmd: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv
): Promise<string> {
  const r = await run(cmd, args, cwd, env)
  if (r.code !== 0) {
    throw new Error(`${what} failed (exit ${r.code}) in ${cwd}:\n${r.output.slice(-6000)}`)
  }
  return r.output
}

async function timed<T>(
  timings: Partial<Record<Phase, number>>,
  phase: Phase,
  log: (m: string) => void,
  fn: () => Promise<T>
): Promise<T> {
  const started = Date.now()
  const result = await fn()
  timings[phase] = Date.now() - started
  log(`${phase}: ${(timings[phase]! / 1000).toFixed(1)} s`)
  return result
}

/** The nearest node_modules/.bin/<name> at or above `dir` (a workspace package uses the root's). */
function findBin(dir: string, name: string): string {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const candidate = path.join(d, "node_modules", ".bin", name)
    if (fs.existsSync(candidate)) return candidate
    if (path.dirname(d) === d) throw new Error(`no node_modules/.bin/${name} at or above ${dir}`)
  }
}

function listFiles(dir: string, skip: (rel: string) => boolean, base = dir): string[] {
  if (!fs.existsSync(dir)) return []
  const out: string[] = []
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name)
    const rel = path.relative(base, full)
    if (skip(rel)) continue
    if (e.isDirectory()) out.push(...listFiles(full, skip, base))
    else if (e.isFile()) out.push(rel)
  }
  return out.sort()
}

/** Hash of everything `medusa plugin:build` reads: sources, package.json, tsconfig files. */
export function pluginSourceHash(pluginDir: string): string {
  const hash = crypto.createHash("sha256")
  const skip = (rel: string) =>
    rel === "node_modules" || rel.startsWith(".medusa") || rel.startsWith(".") || rel === "coverage"
  const inputs = [
    "package.json",
    ...listFiles(pluginDir, skip).filter(
      (f) => f.startsWith(`src${path.sep}`) || /^tsconfig.*\.json$/.test(f)
    ),
  ]
  for (const f of inputs) {
    hash
      .update(f)
      .update("\0")
      .update(fs.readFileSync(path.join(pluginDir, f)))
      .update("\0")
  }
  return hash.digest("hex")
}

function cacheRoot(pluginDir: string): string {
  const id = crypto.createHash("sha256").update(path.resolve(pluginDir)).digest("hex").slice(0, 10)
  const dir = path.join(os.tmpdir(), `commerce-vanilla-app-${id}`)
  fs.mkdirSync(dir, { recursive: true })
  return dir
}

const REPO_PLUGIN_DIR = path.resolve(__dirname, "..", "..", "packages", "plugin")

/** `medusa plugin:build` in the plugin dir, unless its output is from the same sources. */
export async function ensurePluginBuild(
  pluginDir: string,
  log: (m: string) => void = () => {}
): Promise<boolean> {
  if (path.resolve(pluginDir) === REPO_PLUGIN_DIR) {
    // This repository's plugin: the build `npm test` made before jest started, by the same
    // staleness rule. Rebuilding it here (plugin:build first deletes .medusa/server) would
    // pull the plugin from under the HTTP suites running beside this one.
    const repo: { ensurePluginBuild: (log: (m: string) => void) => boolean } = require(
      path.resolve(__dirname, "..", "..", "scripts", "lib", "medusa.js")
    )
    return repo.ensurePluginBuild(log)
  }
  const stamp = path.join(cacheRoot(pluginDir), "plugin-build.sha256")
  const hash = pluginSourceHash(pluginDir)
  const built = path.join(pluginDir, ".medusa", "server")
  // `medusa plugin:develop` leaves medusa-plugin-options.json (its srcDir) in the output;
  // packed, it makes every app's admin build look for the extensions in that srcDir.
  const developed = fs.existsSync(path.join(built, "medusa-plugin-options.json"))
  const fresh = fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === hash
  if (fs.existsSync(built) && fresh && !developed) {
    log(`plugin build of ${pluginDir} is fresh`)
    return false
  }
  log(`medusa plugin:build in ${pluginDir}`)
  fs.rmSync(stamp, { force: true })
  await mustRun(
    "medusa plugin:build",
    findBin(pluginDir, "medusa"),
    ["plugin:build"],
    pluginDir,
    cleanEnv({ NODE_ENV: "production" })
  )
  fs.writeFileSync(stamp, hash)
  return true
}

/** `npm pack` of the plugin (its own lifecycle scripts included, as `npm publish` runs them). */
export async function packPlugin(pluginDir: string, destination: string): Promise<PackedPlugin> {
  fs.mkdirSync(destination, { recursive: true })
  const out = await mustRun(
    "npm pack",
    "npm",
    ["pack", "--json", "--pack-destination", destination],
    pluginDir,
    cleanEnv()
  )
  // Lifecycle scripts may print before the JSON array.
  const json = JSON.parse(out.slice(out.indexOf("[\n")))[0] as {
    name: string
    version: string
    filename: string
    size: number
    unpackedSize: number
    integrity: string
    files: PackedFile[]
  }
  const packed = path.join(destination, json.filename)
  // Content-addressed name: a new tarball is a new dependency spec, so npm installs it.
  const sha = crypto.createHash("sha256").update(fs.readFileSync(packed)).digest("hex").slice(0, 12)
  const tarball = path.join(destination, json.filename.replace(/\.tgz$/, `-${sha}.tgz`))
  fs.renameSync(packed, tarball)
  const manifestOut = await mustRun(
    "tar",
    "tar",
    ["-xzOf", tarball, "package/package.json"],
    destination,
    cleanEnv()
  )
  return {
    name: json.name,
    version: json.version,
    tarball,
    size: fs.statSync(tarball).size,
    unpackedSize: json.unpackedSize,
    integrity: json.integrity,
    files: json.files,
    manifest: JSON.parse(manifestOut) as PluginManifest,
  }
}

/**
 * The key of a cached install: the template and what npm resolves the plugin's dependencies
 * from. With the same key, `npm install` of a new tarball resolves exactly what a fresh
 * install would (it only swaps the plugin's files); with another key the tree that an
 * earlier package-lock.json kept could differ from a fresh one, so it starts over.
 */
function installKey(manifest: PluginManifest & Record<string, unknown>): string {
  const hash = crypto.createHash("sha256")
  for (const f of TEMPLATE_FILES) hash.update(f).update(fs.readFileSync(path.join(TEMPLATE_DIR, f)))
  for (const field of [
    "name",
    "dependencies",
    "peerDependencies",
    "peerDependenciesMeta",
    "optionalDependencies",
    "bundleDependencies",
    "overrides",
  ]) {
    hash.update(field).update(JSON.stringify(manifest[field] ?? null))
  }
  return hash.digest("hex").slice(0, 10)
}

/** Writes the app from the template: the tarball as a dependency, the config entries in place. */
function writeApp(appDir: string, plugin: PackedPlugin, opts: VanillaAppOptions): void {
  fs.mkdirSync(appDir, { recursive: true })
  const pkg = JSON.parse(fs.readFileSync(path.join(TEMPLATE_DIR, "package.json"), "utf8"))
  pkg.dependencies[plugin.name] = `file:${plugin.tarball}`
  fs.writeFileSync(path.join(appDir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`)
  fs.copyFileSync(path.join(TEMPLATE_DIR, "tsconfig.json"), path.join(appDir, "tsconfig.json"))
  const config = fs.readFileSync(path.join(TEMPLATE_DIR, "medusa-config.ts"), "utf8")
  for (const marker of [PLUGINS_MARKER, MODULES_MARKER]) {
    if (!config.includes(marker)) throw new Error(`template medusa-config.ts lost ${marker}`)
  }
  fs.writeFileSync(
    path.join(appDir, "medusa-config.ts"),
    config
      .replace(PLUGINS_MARKER, opts.plugins(plugin.name))
      .replace(MODULES_MARKER, opts.modules?.(plugin.name) ?? "")
  )
  // Nothing of an earlier run's build may survive into this one.
  fs.rmSync(path.join(appDir, ".medusa"), { recursive: true, force: true })
}

/**
 * The negative control of the install check: the same app with a stand-in of the plugin
 * (its name and peerDependencies, nothing else) whose @medusajs/* peers are pinned to
 * `pinTo` exactly, resolved by `npm install --dry-run`. Returns npm's exit code and output.
 */
export async function installWithPinnedPeers(
  plugin: PackedPlugin,
  pinTo: string
): Promise<RunResult> {
  const dir = path.join(path.dirname(path.dirname(plugin.tarball)), "eresolve-probe")
  fs.rmSync(dir, { recursive: true, force: true })
  const standIn = path.join(dir, "stand-in")
  fs.mkdirSync(standIn, { recursive: true })
  const peers = Object.fromEntries(
    Object.entries(plugin.manifest.peerDependencies ?? {}).map(([k, v]) => [
      k,
      k.startsWith("@medusajs/") ? pinTo : v,
    ])
  )
  fs.writeFileSync(
    path.join(standIn, "package.json"),
    JSON.stringify({ name: plugin.name, version: plugin.version, peerDependencies: peers })
  )
  const packed = JSON.parse(
    await mustRun("npm pack", "npm", ["pack", "--json"], standIn, cleanEnv())
  )[0] as { filename: string }
  const pkg = JSON.parse(fs.readFileSync(path.join(TEMPLATE_DIR, "package.json"), "utf8"))
  pkg.dependencies[plugin.name] = `file:${path.join(standIn, packed.filename)}`
  const app = path.join(dir, "app")
  fs.mkdirSync(app)
  fs.writeFileSync(path.join(app, "package.json"), JSON.stringify(pkg, null, 2))
  return run(
    "npm",
    ["install", "--dry-run", "--no-audit", "--no-fund", "--prefer-offline"],
    app,
    cleanEnv({ npm_config_legacy_peer_deps: "false" })
  )
}

/**
 * Packages the app's Medusa, its dashboard and the plugin's admin extensions must share: a
 * second copy splits React or the dashboard's QueryClient from the plugin's widgets, and a
 * nested @medusajs/draft-order (Medusa's default plugin) fails `medusa build` outright.
 */
export const SHARED_WITH_MEDUSA = [
  "react",
  "react-dom",
  "@tanstack/react-query",
  "@medusajs/ui",
  "@medusajs/icons",
  "@medusajs/js-sdk",
  "@medusajs/admin-sdk",
  "@medusajs/dashboard",
  "@medusajs/draft-order",
  "@medusajs/framework",
  "@medusajs/medusa",
]

/**
 * Every copy of a SHARED_WITH_MEDUSA package that npm did not put at the top of the app's
 * node_modules (from its package-lock.json), as "path@version (top: version)".
 */
export function duplicatedSharedPackages(appDir: string): string[] {
  const lock = JSON.parse(fs.readFileSync(path.join(appDir, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string }>
  }
  const out: string[] = []
  for (const [key, meta] of Object.entries(lock.packages)) {
    const name = SHARED_WITH_MEDUSA.find((n) => key.endsWith(`/node_modules/${n}`))
    if (!name || key === `node_modules/${name}`) continue
    out.push(
      `${key}@${meta.version} (top: ${lock.packages[`node_modules/${name}`]?.version ?? "none"})`
    )
  }
  return out
}

/** The phases' times as one line, e.g. for the test log. */
export function formatTimings(timings: Partial<Record<Phase, number>>): string {
  return Object.entries(timings)
    .map(([k, v]) => `${k} ${((v ?? 0) / 1000).toFixed(1)} s`)
    .join(", ")
}

/**
 * Packs the plugin, generates, installs, migrates, builds and starts the vanilla app.
 * VANILLA_APP_FRESH=1 deletes the cached app directory first (a full `npm install`).
 */
export async function startVanillaApp(opts: VanillaAppOptions): Promise<VanillaApp> {
  const log = opts.log ?? (() => {})
  const timings: Partial<Record<Phase, number>> = {}
  const cache = cacheRoot(opts.pluginDir)

  timings["plugin:build"] = 0
  await timed(timings, "plugin:build", log, () => ensurePluginBuild(opts.pluginDir, log))
  const packDir = path.join(cache, "packs")
  fs.rmSync(packDir, { recursive: true, force: true })
  const plugin = await timed(timings, "pack", log, () => packPlugin(opts.pluginDir, packDir))
  log(
    `packed ${plugin.name}@${plugin.version}: ${(plugin.size / 1024).toFixed(1)} kB, ` +
      `${plugin.files.length} files (${(plugin.unpackedSize / 1024).toFixed(1)} kB unpacked)`
  )

  const appName = `app-${installKey(plugin.manifest)}`
  const appDir = path.join(cache, appName)
  // One cached install per plugin dir (each is ~700 MB).
  for (const old of fs.readdirSync(cache).filter((d) => d.startsWith("app-") && d !== appName)) {
    fs.rmSync(path.join(cache, old), { recursive: true, force: true })
  }
  if (process.env.VANILLA_APP_FRESH === "1") fs.rmSync(appDir, { recursive: true, force: true })
  log(
    `app in ${appDir} (${fs.existsSync(path.join(appDir, "node_modules")) ? "cached install" : "fresh install"})`
  )
  writeApp(appDir, plugin, opts)
  const installOutput = await timed(timings, "install", log, async () => {
    const r = await run(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline"],
      appDir,
      cleanEnv({ npm_config_legacy_peer_deps: "false" })
    )
    // Also a warning: npm "overriding peer dependency" means it picked a version for us.
    if (/ERESOLVE/.test(r.output)) {
      throw new Error(
        `npm install reported ERESOLVE (peerDependencies of ${plugin.name} do not fit ` +
          `Medusa 2.21.2):\n${r.output.slice(-6000)}`
      )
    }
    if (r.code !== 0)
      throw new Error(`npm install failed (exit ${r.code}):\n${r.output.slice(-6000)}`)
    return r.output
  })
  const duplicated = duplicatedSharedPackages(appDir)
  if (duplicated.length) {
    // Seen with peers the app does not declare (e.g. @medusajs/icons ^2.21.2): npm installs
    // its newest match at the top, and Medusa's exact pins move into nested copies.
    throw new Error(
      `npm install split packages Medusa and the plugin must share:\n  ${duplicated.join("\n  ")}\n` +
        `A peerDependency of ${plugin.name} that the app does not declare gets npm's newest ` +
        `match; make it optional (peerDependenciesMeta) or let Medusa's own pin decide.`
    )
  }
  const installed = path.join(appDir, "node_modules", ...plugin.name.split("/"))
  if (fs.lstatSync(installed).isSymbolicLink()) {
    throw new Error(`${installed} is a symlink: the plugin must be installed from its tarball`)
  }

  const dbName = `vanilla_${process.pid}_${Date.now()}`
  const db = dbConfig()
  const auth = db.password ? `${db.user}:${encodeURIComponent(db.password)}` : db.user
  const databaseUrl = `postgres://${auth}@${db.host}:${db.port}/${dbName}`
  const port = freePortSync()
  const baseUrl = `http://localhost:${port}`
  const secret = () => crypto.randomBytes(32).toString("hex")
  const adminEmail = "vanilla-admin@test.local"
  const adminPassword = crypto.randomBytes(12).toString("base64url")
  const medusa = path.join(appDir, "node_modules", ".bin", "medusa")
  const appEnv = cleanEnv({
    DATABASE_URL: databaseUrl,
    JWT_SECRET: secret(),
    COOKIE_SECRET: secret(),
    STORE_CORS: baseUrl,
    ADMIN_CORS: baseUrl,
    AUTH_CORS: baseUrl,
    PORT: String(port),
    ...opts.env,
  })
  const prodEnv = { ...appEnv, NODE_ENV: "production" }

  // The name is generated from digits only; identifiers cannot be bound.
  await adminQuery(`CREATE DATABASE "${dbName}"`)
  const dropDb = () => adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)
  let child: ChildProcess | null = null
  let logs = ""
  try {
    // Migrations need the database, the build needs the CPU: side by side.
    await Promise.all([
      (async () => {
        await timed(timings, "migrate", log, async () => {
          logs += await mustRun("medusa db:migrate", medusa, ["db:migrate"], appDir, appEnv)
        })
        await timed(timings, "user", log, async () => {
          logs += await mustRun(
            "medusa user",
            medusa,
            ["user", "-e", adminEmail, "-p", adminPassword],
            appDir,
            appEnv
          )
        })
      })(),
      timed(timings, "build", log, async () => {
        logs += await mustRun("medusa build", medusa, ["build"], appDir, prodEnv)
      }),
    ])
    const serverDir = path.join(appDir, ".medusa", "server")
    // Medusa's deployment guide installs the dependencies in .medusa/server; they are the
    // app's own, just installed, so it links them instead of installing them twice.
    fs.symlinkSync(path.join(appDir, "node_modules"), path.join(serverDir, "node_modules"), "dir")

    await timed(timings, "start", log, async () => {
      // Own process group, so stopping it also stops anything it spawned.
      child = spawn(medusa, ["start"], { cwd: serverDir, env: prodEnv, detached: true })
      child.stdout!.on("data", (d) => (logs += d))
      child.stderr!.on("data", (d) => (logs += d))
      const deadline = Date.now() + 180_000
      for (;;) {
        if (child.exitCode !== null) throw new Error(`medusa start exited:\n${logs.slice(-6000)}`)
        if (Date.now() > deadline) throw new Error(`no answer from ${baseUrl}/health`)
        const ok = await fetch(`${baseUrl}/health`).then(
          (r) => r.ok,
          () => false
        )
        if (ok) break
        await new Promise((r) => setTimeout(r, 250))
      }
    })
    log(`vanilla app up at ${baseUrl}: ${formatTimings(timings)}`)
    const started = child!
    return {
      baseUrl,
      databaseUrl,
      adminEmail,
      adminPassword,
      appDir,
      serverDir,
      plugin,
      timings: timings as Record<Phase, number>,
      installOutput,
      output: () => logs,
      stop: async () => {
        if (started.exitCode === null && started.signalCode === null) {
          const exited = new Promise((r) => started.once("exit", r))
          process.kill(-started.pid!, "SIGTERM")
          const timer = setTimeout(() => process.kill(-started.pid!, "SIGKILL"), 10_000)
          await exited
          clearTimeout(timer)
        }
        await dropDb()
        return { code: started.exitCode, signal: started.signalCode }
      },
    }
  } catch (e) {
    const c = child as ChildProcess | null
    if (c?.pid && c.exitCode === null) process.kill(-c.pid, "SIGKILL")
    await dropDb().catch(() => {})
    throw e
  }
}
