#!/usr/bin/env node
// `npm run topology`: the scale-out topology on one host — nginx in front of two API
// server processes (MEDUSA_WORKER_MODE=server) and one worker (MEDUSA_WORKER_MODE=worker)
// sharing one Postgres and one Redis (event bus, workflow engine, locking, cache).
//
// Env: REDIS_URL (default redis://127.0.0.1:6379/8), DATABASE_URL (default: the Postgres at
// localhost:5432, else an embedded one), TOPOLOGY_PORT (nginx, default 9400; servers and
// worker use the next three ports), TOPOLOGY_DB (database name, default commerce_topology),
// TOPOLOGY_STATE (where the running topology is described, default .data/topology.json).
const { spawn, spawnSync } = require("child_process")
const crypto = require("crypto")
const fs = require("fs")
const path = require("path")
const { canConnect, ensureDatabase, startEmbedded, databaseUrl } = require("./lib/postgres")
const {
  ensureBuild,
  prepareDatabase,
  serverDir,
  medusaBin,
  root,
  waitForHttp,
} = require("./lib/medusa")

const port = Number(process.env.TOPOLOGY_PORT || 9400)
const dataDir = path.join(root, ".data")
const stateFile = process.env.TOPOLOGY_STATE || path.join(dataDir, "topology.json")
const runDir = path.join(dataDir, `topology-${port}`)
const children = []
let embedded = null
let stopping = false

function log(msg) {
  process.stdout.write(`[topology] ${msg}\n`)
}

function nginxConfig({ listen, upstreams }) {
  const temp = (name) => path.join(runDir, name)
  return `worker_processes 1;
pid ${temp("nginx.pid")};
error_log ${temp("nginx-error.log")} warn;
${process.getuid && process.getuid() === 0 ? "user root;" : ""}
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${temp("client_body")};
  proxy_temp_path ${temp("proxy")};
  fastcgi_temp_path ${temp("fastcgi")};
  uwsgi_temp_path ${temp("uwsgi")};
  scgi_temp_path ${temp("scgi")};
  client_max_body_size 2m;
  upstream api {
${upstreams.map((u) => `    server 127.0.0.1:${u} max_fails=3 fail_timeout=2s;`).join("\n")}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${listen};
    location / {
      proxy_pass http://api;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      # Only idempotent requests move to the other server; a POST is never replayed.
      # A slow answer is not a dead server: only connection errors mark one down.
      proxy_next_upstream error http_502 http_503;
      proxy_connect_timeout 2s;
      proxy_read_timeout 300s;
    }
  }
}
`
}

function startProcess(name, args, env, logFile) {
  const out = fs.openSync(logFile, "a")
  const child = spawn(args[0], args.slice(1), {
    cwd: serverDir,
    env,
    stdio: ["ignore", out, out],
  })
  child.name = name
  children.push(child)
  child.on("exit", (code, signal) => {
    if (!stopping) log(`${name} exited (${signal || code})`)
  })
  return child
}

async function stopAll(code) {
  if (stopping) return
  stopping = true
  log("stopping...")
  await Promise.all(
    children.map(
      (c) =>
        new Promise((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve()
          const timer = setTimeout(() => {
            c.kill("SIGKILL")
            resolve()
          }, 15000)
          c.once("exit", () => {
            clearTimeout(timer)
            resolve()
          })
          c.kill(c.name === "nginx" ? "SIGQUIT" : "SIGTERM")
        })
    )
  )
  if (embedded) await embedded.stop()
  fs.rmSync(stateFile, { force: true })
  log("stopped")
  process.exit(code)
}

async function main() {
  process.on("SIGINT", () => stopAll(0))
  process.on("SIGTERM", () => stopAll(0))
  fs.mkdirSync(runDir, { recursive: true })
  for (const d of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]) {
    fs.mkdirSync(path.join(runDir, d), { recursive: true })
  }

  const nginxBin = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"].find((p) =>
    fs.existsSync(p)
  )
  if (!nginxBin) throw new Error("nginx is not installed (Debian: apt-get install nginx-light)")

  const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379/8"
  const Redis = require("ioredis")
  const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0 })
  try {
    await probe.connect()
    await probe.ping()
  } catch {
    throw new Error(`the topology needs Redis: nothing answers at ${redisUrl} (set REDIS_URL)`)
  } finally {
    probe.disconnect()
  }

  const dbName = process.env.TOPOLOGY_DB || "commerce_topology"
  let dbUrl = process.env.DATABASE_URL
  if (dbUrl) {
    const u = new URL(dbUrl)
    const config = {
      host: u.hostname,
      port: Number(u.port || 5432),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
    }
    await ensureDatabase(config, decodeURIComponent(u.pathname.slice(1)))
  } else {
    const local = { host: "localhost", port: 5432, user: "postgres", password: "" }
    let config = local
    if (!(await canConnect(local))) {
      embedded = await startEmbedded({ dir: path.join(dataDir, "postgres-topology"), port: 54331 })
      config = embedded.config
    }
    await ensureDatabase(config, dbName)
    dbUrl = databaseUrl(config, dbName)
  }

  const secretsFile = path.join(dataDir, "topology-secrets.json")
  let secrets = fs.existsSync(secretsFile) ? JSON.parse(fs.readFileSync(secretsFile, "utf8")) : null
  if (!secrets) {
    secrets = {
      jwtSecret: crypto.randomBytes(32).toString("hex"),
      cookieSecret: crypto.randomBytes(32).toString("hex"),
      adminPassword: crypto.randomBytes(12).toString("base64url"),
    }
    fs.writeFileSync(secretsFile, JSON.stringify(secrets), { mode: 0o600 })
  }
  const baseUrl = `http://localhost:${port}`
  const env = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: dbUrl,
    REDIS_URL: redisUrl,
    JWT_SECRET: process.env.JWT_SECRET || secrets.jwtSecret,
    COOKIE_SECRET: process.env.COOKIE_SECRET || secrets.cookieSecret,
    COOKIE_INSECURE: process.env.COOKIE_INSECURE || "true",
    MEDUSA_BACKEND_URL: baseUrl,
    // nginx is the only proxy in front of the servers.
    TRUSTED_PROXIES: process.env.TRUSTED_PROXIES || "127.0.0.1,::1,::ffff:127.0.0.1",
  }
  ensureBuild(env, log)
  const adminEmail = process.env.ADMIN_EMAIL || "admin@example.com"
  const adminPassword = process.env.ADMIN_PASSWORD || secrets.adminPassword
  log("applying migrations and the demo data...")
  const bootstrap = prepareDatabase(env, { adminEmail, adminPassword })

  const serverPorts = [port + 1, port + 2]
  const workerPort = port + 3
  const processes = []
  serverPorts.forEach((p, i) => {
    const logFile = path.join(runDir, `server-${i + 1}.log`)
    const child = startProcess(
      `server-${i + 1}`,
      [medusaBin, "start"],
      { ...env, PORT: String(p), MEDUSA_WORKER_MODE: "server" },
      logFile
    )
    processes.push({ name: child.name, role: "server", port: p, pid: child.pid, log: logFile })
  })
  const workerLog = path.join(runDir, "worker.log")
  const worker = startProcess(
    "worker",
    [medusaBin, "start"],
    { ...env, PORT: String(workerPort), MEDUSA_WORKER_MODE: "worker", ADMIN_DISABLED: "true" },
    workerLog
  )
  processes.push({
    name: "worker",
    role: "worker",
    port: workerPort,
    pid: worker.pid,
    log: workerLog,
  })

  await Promise.all(
    [...serverPorts, workerPort].map((p) =>
      waitForHttp(`http://localhost:${p}/health`, 240000, () => !stopping)
    )
  )

  const confFile = path.join(runDir, "nginx.conf")
  fs.writeFileSync(confFile, nginxConfig({ listen: port, upstreams: serverPorts }))
  const check = spawnSync(nginxBin, ["-t", "-c", confFile, "-p", runDir], { encoding: "utf8" })
  if (check.status !== 0) throw new Error(`nginx configuration rejected:\n${check.stderr}`)
  const nginx = startProcess(
    "nginx",
    [nginxBin, "-c", confFile, "-p", runDir, "-g", "daemon off;"],
    process.env,
    path.join(runDir, "nginx.log")
  )
  processes.push({ name: "nginx", role: "proxy", port, pid: nginx.pid })
  await waitForHttp(`${baseUrl}/health`, 30000, () => !stopping)

  const state = {
    baseUrl,
    publishableKey: bootstrap.publishableKey,
    adminEmail,
    adminPassword,
    databaseUrl: dbUrl,
    redisUrl,
    processes,
  }
  fs.writeFileSync(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 })
  log(`nginx ${baseUrl} → servers ${serverPorts.join(", ")}; worker on ${workerPort}`)
  log(`admin ${adminEmail} / ${adminPassword}; publishable key ${bootstrap.publishableKey}`)
  log(`state written to ${path.relative(root, stateFile)}; Ctrl-C stops everything`)
}

main().catch(async (err) => {
  process.stderr.write(`[topology] ${err.message}\n`)
  await stopAll(1)
})
