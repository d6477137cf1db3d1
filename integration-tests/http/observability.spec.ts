import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { expressLoader } from "@medusajs/framework/http"
import { logger } from "@medusajs/framework/logger"
import type { AxiosError } from "axios"
import express from "express"
import http from "node:http"
import type { AddressInfo } from "node:net"
import fs from "node:fs"
import path from "node:path"
import { PassThrough } from "node:stream"
import {
  type Demo,
  failing,
  findVariants,
  registerCustomer,
  seedForTests,
  cartReadyToComplete,
} from "../helpers/fixtures"
import { medusaWinston } from "@commerce-api/plugin/lib/internals/medusa-logger"
import { OwnRedis } from "../helpers/redis-server"
import { describeWithBinaries } from "../helpers/system-binaries"
import { parseMetrics } from "../helpers/metrics"

jest.setTimeout(180 * 1000)

// This file's own Redis: the app boots with REDIS_URL pointing at it (cache,
// event bus, workflow engine and locking on Redis) and the last test kills it.
// Started just before the app boots, so a machine without redis-server skips the file.
const redis = new OwnRedis()

/** Captures the final serialised lines of Medusa's shared winston logger. */
function captureLogs() {
  const lines: string[] = []
  const winston = require("winston")
  const stream = new PassThrough()
  stream.on("data", (chunk) => lines.push(...chunk.toString().split("\n").filter(Boolean)))
  const transport = new winston.transports.Stream({ stream })
  const instance = medusaWinston(logger)!
  instance.add(transport)
  const previousLevel = instance.level
  instance.level = "info"
  return {
    lines,
    stop() {
      instance.remove(transport)
      instance.level = previousLevel
    },
  }
}

/** Lines written to stdout, where Medusa's production access log (morgan) writes. */
function captureStdout() {
  const lines: string[] = []
  const original = process.stdout.write
  process.stdout.write = function (chunk: any, ...rest: any[]) {
    lines.push(...String(chunk).split("\n").filter(Boolean))
    return original.call(process.stdout, chunk, ...rest)
  } as typeof process.stdout.write
  return {
    lines,
    json: () =>
      lines.flatMap((l) => {
        try {
          return [JSON.parse(l)]
        } catch {
          return []
        }
      }),
    stop: () => void (process.stdout.write = original),
  }
}

describeWithBinaries(["redis-server"], "observability (own redis-server)", () => {
  medusaIntegrationTestRunner({
    inApp: true,
    // ACCESS_LOG=on: early-lane access lines also under NODE_ENV=test (Medusa writes none then).
    env: { REDIS_URL: redis.url, ENABLE_TEST_ROUTES: "true", ACCESS_LOG: "on" },
    hooks: {
      beforeServerStart: async () => {
        await redis.start().ready()
      },
    },
    testSuite: ({ api, getContainer }) => {
      let demo: Demo
      let variants: Awaited<ReturnType<typeof findVariants>>

      beforeAll(async () => {
        demo = await seedForTests(getContainer())
        variants = await findVariants(getContainer())
      })

      afterAll(async () => {
        await redis.stop()
      })

      const store = () => demo.storeHeaders

      async function checkout(email = "guest.buyer@example.com") {
        const headers = store()
        const cart = await cartReadyToComplete(api, headers, {
          regionId: demo.regions.eur,
          variantId: variants.inStock[0].id,
          email,
        })
        const done = await api.post(`/store/carts/${cart.id}/complete`, {}, headers)
        expect(done.data.type).toBe("order")
        return { cart, order: done.data.order }
      }

      describe("metrics", () => {
        it("shows a checkout's routes by template, workflows and payments", async () => {
          const { order } = await checkout()
          // capture the order's payment so the capture outcome is counted too
          const full = await api.get(
            `/admin/orders/${order.id}?fields=*payment_collections.payments`,
            demo.adminHeaders
          )
          const payment = full.data.order.payment_collections[0].payments[0]
          await api.post(`/admin/payments/${payment.id}/capture`, {}, demo.adminHeaders)
          await new Promise((r) => setTimeout(r, 1500)) // the capture event is handled async

          const res = await api.get("/metrics")
          expect(res.status).toBe(200)
          expect(res.headers["content-type"]).toMatch(/text\/plain/)
          const samples = parseMetrics(res.data)
          // a sample for the operator docs, in the git-ignored test-artifacts/ folder
          const dir = path.resolve(__dirname, "../../test-artifacts")
          fs.mkdirSync(dir, { recursive: true })
          fs.writeFileSync(path.join(dir, "metrics-after-checkout.txt"), res.data)
          const count = (name: string, labels: Record<string, string>) =>
            samples
              .filter(
                (s) =>
                  s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)
              )
              .reduce((sum, s) => sum + s.value, 0)

          const complete = {
            method: "POST",
            route: "/store/carts/:id/complete",
            status_class: "2xx",
          }
          expect(count("commerce_http_request_duration_seconds_count", complete)).toBe(1)
          expect(count("commerce_http_request_duration_seconds_sum", complete)).toBeGreaterThan(0)
          expect(
            count("commerce_http_request_duration_seconds_count", {
              method: "POST",
              route: "/store/carts/:id/line-items",
            })
          ).toBeGreaterThanOrEqual(1)
          // no raw id ever becomes a label
          const routes = new Set(samples.map((s) => s.labels.route).filter(Boolean))
          for (const route of routes)
            expect(route).not.toMatch(/(cart|order|pay|prod)_[0-9A-Z]{10}/)

          expect(
            count("commerce_workflow_executions_total", {
              workflow: "complete-cart",
              result: "succeeded",
            })
          ).toBeGreaterThanOrEqual(1)
          expect(
            count("commerce_payment_outcomes_total", {
              provider: "pp_system_default",
              result: "authorized",
            })
          ).toBeGreaterThanOrEqual(1)
          expect(
            count("commerce_payment_outcomes_total", {
              provider: "pp_system_default",
              result: "captured",
            })
          ).toBeGreaterThanOrEqual(1)
          expect(count("commerce_http_requests_in_flight", {})).toBe(1) // this scrape
          expect(samples.some((s) => s.name === "nodejs_eventloop_lag_p99_seconds")).toBe(true)
          expect(samples.some((s) => s.name === "process_resident_memory_bytes")).toBe(true)
          expect(count("commerce_dependency_up", { dependency: "database" })).toBe(1)
          expect(count("commerce_dependency_up", { dependency: "redis" })).toBe(1)
          // exported for other features to increment
          for (const name of [
            "commerce_rate_limit_rejections_total",
            "commerce_cache_lookups_total",
          ]) {
            expect(res.data).toContain(`# TYPE ${name} counter`)
          }
        })

        it("counts a failing workflow by name", async () => {
          const bad = await failing(api.post("/store/carts", { region_id: "reg_missing" }, store()))
          expect(bad.status).toBeGreaterThanOrEqual(400)
          const samples = parseMetrics((await api.get("/metrics")).data)
          const failures = samples.filter(
            (s) =>
              s.name === "commerce_workflow_failures_total" &&
              // The lean create-cart route (leanCheckout) runs its own workflow.
              ["create-cart", "lean-create-cart"].includes(s.labels.workflow)
          )
          expect(failures.reduce((n, s) => n + s.value, 0)).toBeGreaterThanOrEqual(1)
        })

        it("keeps route labels bounded when 500 distinct ids are requested", async () => {
          const before = parseMetrics((await api.get("/metrics")).data).filter(
            (s) => s.name === "commerce_http_request_duration_seconds_count"
          ).length
          const ids = Array.from({ length: 500 }, (_, i) => i)
          for (let i = 0; i < ids.length; i += 10) {
            await Promise.all(
              ids
                .slice(i, i + 10)
                .map((n) =>
                  failing(
                    n % 2
                      ? api.get(`/store/products/prod_${String(n).padStart(26, "X")}`, store())
                      : api.get(`/no/such/path/${n}/${Math.random()}`)
                  )
                )
            )
          }
          const samples = parseMetrics((await api.get("/metrics")).data).filter(
            (s) => s.name === "commerce_http_request_duration_seconds_count"
          )
          const labels = new Set(samples.map((s) => s.labels.route))
          expect(labels.has("/store/products/:id")).toBe(true)
          expect(labels.has("unmatched")).toBe(true)
          // 500 ids add at most the two templates x a couple of status classes
          expect(samples.length - before).toBeLessThanOrEqual(6)
          for (const label of labels) expect(label).not.toMatch(/X{5}|\d{2,}/)
        })

        it("requires the bearer token when METRICS_TOKEN is set", async () => {
          process.env.METRICS_TOKEN = "metrics-test-token-0123456789"
          try {
            expect((await failing(api.get("/metrics"))).status).toBe(401)
            expect(
              (await failing(api.get("/metrics", { headers: { authorization: "Bearer wrong" } })))
                .status
            ).toBe(401)
            const ok = await api.get("/metrics", {
              headers: { authorization: "Bearer metrics-test-token-0123456789" },
            })
            expect(ok.status).toBe(200)
          } finally {
            delete process.env.METRICS_TOKEN
          }
        })
      })

      describe("request ids and logs", () => {
        it("echoes a valid x-request-id, replaces an invalid one and creates one when absent", async () => {
          const given = await api.get("/store/regions", {
            headers: { ...store().headers, "x-request-id": "checkout-42.a_b" },
          })
          expect(given.headers["x-request-id"]).toBe("checkout-42.a_b")
          const invalid = await api.get("/store/regions", {
            headers: { ...store().headers, "x-request-id": "bad id <script>" },
          })
          expect(invalid.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/)
          const tooLong = await api.get("/store/regions", {
            headers: { ...store().headers, "x-request-id": "a".repeat(129) },
          })
          expect(tooLong.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/)
          const none = await failing(api.get("/no/such/route"))
          expect(none.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/)
        })

        it("tags request logs with the request id and leaks no secrets during register, login and checkout", async () => {
          const capture = captureLogs()
          const password = "Sup3r-Secret-Passw0rd!"
          const card = "4242 4242 4242 4242"
          let customer: Awaited<ReturnType<typeof registerCustomer>>
          try {
            customer = await registerCustomer(api, store().headers, {
              email: "jane.doe@example.com",
              password,
            })
            await failing(
              api.post("/auth/customer/emailpass", {
                email: customer.email,
                password: "wrong-pw-1",
              })
            )
            // A guest checkout: with a registered customer's e-mail the cart would become that
            // customer's, and the ownership rules would hide it from an anonymous caller.
            await checkout("jane.guest@example.com")
            // a careless handler logging a body and headers
            const logged = await api.post(
              "/ops-test/log",
              { email: "jane.doe@example.com", password, card_number: card, note: `pay ${card}` },
              {
                headers: {
                  "x-request-id": "log-test-1",
                  authorization: `Bearer ${customer.token}`,
                  cookie: "connect.sid=s%3Asecret-session",
                },
              }
            )
            expect(logged.status).toBe(200)
            // an error path logged by Medusa's error handler
            await failing(
              api.post(
                "/store/carts/cart_01NOSUCHCART0000000000000/complete",
                {},
                {
                  headers: { ...store().headers, "x-request-id": "log-test-2" },
                }
              )
            )
          } finally {
            capture.stop()
          }
          const all = capture.lines.join("\n")
          expect(capture.lines.length).toBeGreaterThanOrEqual(4)
          for (const line of capture.lines) expect(() => JSON.parse(line)).not.toThrow()

          // every line written by our careless handler carries its request id
          const handlerLines = capture.lines.filter((l) => l.includes("ops-test"))
          expect(handlerLines).toHaveLength(3)
          for (const line of handlerLines) expect(JSON.parse(line).request_id).toBe("log-test-1")
          const errorLine = capture.lines.find((l) => l.includes("cart_01NOSUCHCART"))
          expect(errorLine && JSON.parse(errorLine).request_id).toBe("log-test-2")

          expect(all).not.toContain("jane.doe@example.com")
          expect(all).not.toContain("jane.guest@example.com")
          expect(all).toContain("j***@example.com")
          expect(all).not.toContain(password)
          expect(all).not.toContain(card)
          expect(all).not.toContain("4242424242424242")
          expect(all).not.toContain(customer!.token)
          expect(all).not.toContain("secret-session")
        })
      })

      describe("access log", () => {
        it("logs catalog hits served by the early lane like Medusa's lines, with x-cache", async () => {
          const url = "/store/products?limit=2"
          await api.get(url, store()) // MISS: through Medusa's stack, stored
          const capture = captureStdout()
          let hit: any
          try {
            hit = await api.get(url, {
              headers: { ...store().headers, "x-request-id": "early-hit-1" },
            })
            await new Promise((r) => setTimeout(r, 50)) // morgan writes on finish
          } finally {
            capture.stop()
          }
          expect(hit.headers["x-cache"]).toBe("HIT")
          const line = capture.json().find((l) => l.request_id === "early-hit-1")
          expect(line).toEqual(
            expect.objectContaining({
              level: "http",
              method: "GET",
              path: url,
              status: 200,
              x_cache: "HIT",
              duration: expect.any(Number),
              client_ip: expect.any(String),
              user_agent: expect.any(String),
              timestamp: expect.any(String),
            })
          )
          expect(line.duration).toBeGreaterThanOrEqual(0)
        })

        it("keeps tokens in query strings and referrers out of Medusa's own access line", async () => {
          // Medusa's express loader as `medusa start` runs it (production: JSON lines to stdout).
          const previous = process.env.NODE_ENV
          process.env.NODE_ENV = "production"
          const app = express()
          let loaded: Awaited<ReturnType<typeof expressLoader>>
          try {
            loaded = await expressLoader({ app, container: getContainer() })
          } finally {
            process.env.NODE_ENV = previous
          }
          app.get("/store/customers/me/verify", (_req, res) => void res.json({ ok: true }))
          const server = http.createServer(app).listen(0, "127.0.0.1")
          await new Promise((r) => server.once("listening", r))
          const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
          // Test runs log below `http`; Medusa's skip rule checks the level per request.
          const winston = medusaWinston(logger)!
          const previousLevel = winston.level
          winston.level = "http"
          const capture = captureStdout()
          try {
            const res = await fetch(
              `${base}/store/customers/me/verify?token=secret123&region_id=reg_1&share_token=shared456` +
                `&code=oauthcode789&state=state000&password=pw-111`,
              { headers: { referer: "https://shop.example/account?token=refsecret222" } }
            )
            expect(res.status).toBe(200)
            await new Promise((r) => setTimeout(r, 50))
          } finally {
            capture.stop()
            winston.level = previousLevel
            server.close()
            await loaded!.shutdown()
          }
          const line = capture.json().find((l) => l.level === "http" && /verify/.test(l.path))
          expect(line).toBeDefined()
          expect(line.status).toBe(200)
          expect(line.path).toContain("region_id=reg_1")
          expect(line.path).toContain("token=[REDACTED]")
          const all = capture.lines.join("\n")
          for (const secret of [
            "secret123",
            "shared456",
            "oauthcode789",
            "state000",
            "pw-111",
            "refsecret222",
          ]) {
            expect(all).not.toContain(secret)
          }
        })
      })

      describe("readiness", () => {
        it("keeps /health as liveness and reports ready with all checks", async () => {
          expect((await api.get("/health")).status).toBe(200)
          const ready = await api.get("/ready")
          expect(ready.status).toBe(200)
          expect(ready.data).toEqual({
            status: "ok",
            checks: {
              database: { status: "ok" },
              migrations: { status: "ok" },
              redis: { status: "ok" },
            },
          })
        })

        it("reports degraded when its Redis dies while reads keep working", async () => {
          await redis.stop()
          const ready = await failing(api.get("/ready"))
          expect(ready.status).toBe(503)
          expect(ready.data.status).toBe("degraded")
          expect(ready.data.failing).toEqual(["redis"])
          expect(ready.data.checks.database.status).toBe("ok")
          expect(ready.data.checks.redis.status).toBe("fail")

          const products = await api.get("/store/products?limit=5", store())
          expect(products.status).toBe(200)
          expect(products.data.products.length).toBe(5)
          const metrics = parseMetrics((await api.get("/metrics")).data)
          const redisUp = metrics.find(
            (s) => s.name === "commerce_dependency_up" && s.labels.dependency === "redis"
          )
          expect(redisUp?.value).toBe(0)

          // Redis comes back: readiness recovers without a restart
          redis.start()
          await redis.ready()
          let recovered = await api.get("/ready").catch((e: AxiosError) => e.response)
          for (let i = 0; i < 20 && recovered.status !== 200; i++) {
            await new Promise((r) => setTimeout(r, 250))
            recovered = await api.get("/ready").catch((e: AxiosError) => e.response)
          }
          expect(recovered.status).toBe(200)
        })
      })
    },
  })
})
