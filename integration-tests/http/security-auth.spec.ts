import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import jwt from "jsonwebtoken"
import { onRateLimitRejected, type RateLimitRejection } from "@commerce-api/plugin/lib/rate-limit"
import {
  type Demo,
  failing,
  registerCustomer,
  seedForTests,
  TEST_JWT_SECRET,
} from "../helpers/fixtures"

jest.setTimeout(600 * 1000)

let ipSeq = 0
/** A fresh client address per use: the suite trusts X-Forwarded-For (TRUSTED_PROXIES=*). */
const nextIp = () => `198.51.100.${++ipSeq}`
let emailSeq = 0
const uniqueEmail = (tag: string) => `${tag}-${++emailSeq}-${Date.now()}@example.com`

medusaIntegrationTestRunner({
  inApp: true,
  env: {
    TRUSTED_PROXIES: "*",
    AUTH_MAX_FAILURES_PER_ACCOUNT: "9",
    AUTH_MAX_FAILURES_PER_IP: "25",
    AUTH_LOCKOUT_SECONDS: "2",
    RATE_LIMIT_STORE_POINTS: "20",
    RATE_LIMIT_STORE_DURATION: "60",
    RATE_LIMIT_KEY_POINTS: "60",
  },
  testSuite: ({ api, getContainer }) => {
    let demo: Demo
    let ip: string

    beforeAll(async () => {
      demo = await seedForTests(getContainer())
    })

    beforeEach(() => {
      // Every test gets its own address so per-IP counters do not leak between tests.
      ip = nextIp()
      api.defaults.headers.common["x-forwarded-for"] = ip
    })

    const store = () => demo.storeHeaders
    const login = (email: string, password: string, actor = "customer", headers = {}) =>
      api
        .post(`/auth/${actor}/emailpass`, { email, password }, { headers })
        .catch((e: any) => e.response)

    /** An admin user with a password, made the way an invite makes one (auth identity → user). */
    const createAdmin = async () => {
      const email = uniqueEmail("owner")
      const password = "Owner-Secret-Passphrase-7"
      const reg = await api.post("/auth/user/emailpass/register", { email, password })
      const { auth_identity_id } = jwt.decode(reg.data.token) as { auth_identity_id: string }
      const container = getContainer()
      const user = await container.resolve(Modules.USER).createUsers({ email })
      await container
        .resolve(Modules.AUTH)
        .updateAuthIdentities({ id: auth_identity_id, app_metadata: { user_id: user.id } })
      return { email, password, id: user.id }
    }

    describe("brute-force protection", () => {
      it("does not let an attacker lock the owner out: the lockout is per account and client", async () => {
        const owner = await createAdmin()
        const attacker = nextIp()
        for (let i = 1; i <= 9; i++) {
          const res = await login(owner.email, `guess-${i}-password`, "user", {
            "x-forwarded-for": attacker,
          })
          expect(res.status).toBe(401)
        }
        const locked = await login(owner.email, owner.password, "user", {
          "x-forwarded-for": attacker,
        })
        expect(locked.status).toBe(429)
        // The owner, from an address that took no part, logs in and works.
        const ownerLogin = await login(owner.email, owner.password, "user", {
          "x-forwarded-for": nextIp(),
        })
        expect(ownerLogin.status).toBe(200)
        const me = await api.get("/admin/users/me", {
          headers: { authorization: `Bearer ${ownerLogin.data.token}` },
        })
        expect(me.data.user.id).toBe(owner.id)
        // ...and the attacker stays locked out, even with the right password.
        const again = await login(owner.email, owner.password, "user", {
          "x-forwarded-for": attacker,
        })
        expect(again.status).toBe(429)
      })

      it("slows a distributed attack on one account without blocking a clean client", async () => {
        const c = await registerCustomer(api, store().headers)
        // 25 addresses, one wrong password each: the account passes
        // AUTH_ACCOUNT_SLOWDOWN_AFTER (default 20) and the clients past it must wait.
        const attackers = Array.from({ length: 25 }, () => nextIp())
        for (const address of attackers) {
          const res = await login(c.email, "Distributed-Guess-1", "customer", {
            "x-forwarded-for": address,
          })
          expect(res.status).toBe(401)
        }
        // The last two failed past the threshold (waits of 8 s and 16 s): their next try waits.
        const waits: number[] = []
        for (const address of [attackers[24], attackers[23]]) {
          const res = await login(c.email, "Distributed-Guess-2", "customer", {
            "x-forwarded-for": address,
          })
          expect(res.status).toBe(429)
          expect(res.data.message).toMatch(/too many attempts/i)
          waits.push(Number(res.headers["retry-after"]))
        }
        // Growing delays: each failure past the threshold doubles the next client's wait.
        expect(waits[0]).toBeGreaterThanOrEqual(8)
        expect(waits[0]).toBeGreaterThan(waits[1])
        // A client that failed before the threshold gets one more try, then waits too.
        const early = { "x-forwarded-for": attackers[0] }
        expect((await login(c.email, "Distributed-Guess-3", "customer", early)).status).toBe(401)
        expect((await login(c.email, "Distributed-Guess-4", "customer", early)).status).toBe(429)
        // The owner from a clean address logs in at once.
        const started = Date.now()
        const owner = await login(c.email, c.password, "customer", { "x-forwarded-for": nextIp() })
        expect(owner.status).toBe(200)
        expect(Date.now() - started).toBeLessThan(2000)
      })

      it("never counts registration attempts against an existing account", async () => {
        const c = await registerCustomer(api, store().headers)
        for (let i = 0; i < 12; i++) {
          const res = await api
            .post("/auth/customer/emailpass/register", {
              email: c.email,
              password: `Taken-Account-Pass-${i}`,
            })
            .catch((e: any) => e.response)
          expect(res.status).toBeGreaterThanOrEqual(400)
          expect(res.status).toBeLessThan(429)
        }
        // Same client, right password: not locked.
        expect((await login(c.email, c.password)).status).toBe(200)
      })

      it("answers the 10th wrong password in a row for one account with 429 and Retry-After", async () => {
        const c = await registerCustomer(api, store().headers)
        for (let i = 1; i <= 9; i++) {
          const res = await login(c.email, `wrong-password-${i}`)
          expect(res.status).toBe(401)
        }
        const tenth = await login(c.email, "wrong-password-10")
        expect(tenth.status).toBe(429)
        expect(Number(tenth.headers["retry-after"])).toBeGreaterThanOrEqual(1)
        expect(tenth.data.message).toMatch(/too many attempts/i)
        // Locked means locked: even the right password waits.
        const right = await login(c.email, c.password)
        expect(right.status).toBe(429)
        // The lock is per account and client: another client is not locked out.
        const elsewhere = await login(c.email, c.password, "customer", {
          "x-forwarded-for": nextIp(),
        })
        expect(elsewhere.status).toBe(200)
      })

      it("protects admin logins the same way, unknown accounts included", async () => {
        const email = uniqueEmail("admin-guess")
        for (let i = 1; i <= 9; i++) {
          expect((await login(email, `guess-${i}-password`, "user")).status).toBe(401)
        }
        const tenth = await login(email, "guess-10-password", "user")
        expect(tenth.status).toBe(429)
        expect(tenth.headers["retry-after"]).toBeDefined()
      })

      it("locks an account longer after each lockout", async () => {
        const c = await registerCustomer(api, store().headers)
        for (let i = 0; i < 9; i++) await login(c.email, "wrong-password-x")
        const first = await login(c.email, "wrong-password-x")
        expect(first.status).toBe(429)
        expect(first.headers["retry-after"]).toBe("2")
        await new Promise((r) => setTimeout(r, 2200))
        // Same address (the lockout history is per account and client). The lock expired: the right password works again...
        expect((await login(c.email, c.password)).status).toBe(200)
        for (let i = 0; i < 9; i++) {
          expect((await login(c.email, "wrong-password-y")).status).toBe(401)
        }
        // ...and the second lockout lasts twice as long.
        const second = await login(c.email, "wrong-password-y")
        expect(second.status).toBe(429)
        expect(second.headers["retry-after"]).toBe("4")
      })

      it("resets the account counter after a successful login", async () => {
        const c = await registerCustomer(api, store().headers)
        for (let i = 0; i < 8; i++) {
          expect((await login(c.email, "wrong-password-z")).status).toBe(401)
        }
        expect((await login(c.email, c.password)).status).toBe(200)
        for (let i = 0; i < 9; i++) {
          expect((await login(c.email, "wrong-password-z")).status).toBe(401)
        }
        expect((await login(c.email, "wrong-password-z")).status).toBe(429)
      })

      it("throttles credential stuffing across accounts from one IP (AUTH_MAX_FAILURES_PER_IP)", async () => {
        const c = await registerCustomer(api, store().headers)
        for (let i = 0; i < 25; i++) {
          expect((await login(uniqueEmail("spray"), "Spray-Password-1")).status).toBe(401)
        }
        const next = await login(uniqueEmail("spray"), "Spray-Password-1")
        expect(next.status).toBe(429)
        expect(next.headers["retry-after"]).toBeDefined()
        // The stuffing address is throttled for every account, even with a right password...
        expect((await login(c.email, c.password)).status).toBe(429)
        // ...while other clients are not.
        const other = { "x-forwarded-for": nextIp() }
        expect(
          (await login(uniqueEmail("spray"), "Spray-Password-1", "customer", other)).status
        ).toBe(401)
        expect((await login(c.email, c.password, "customer", other)).status).toBe(200)
      })

      it("limits reset-password requests per account", async () => {
        const email = uniqueEmail("bomb")
        for (let i = 0; i < 9; i++) {
          const res = await api.post("/auth/customer/emailpass/reset-password", {
            identifier: email,
          })
          expect(res.status).toBe(201)
        }
        const res = await failing(
          api.post("/auth/customer/emailpass/reset-password", { identifier: email })
        )
        expect(res.status).toBe(429)
      })

      it("reports every rejection to onRateLimitRejected listeners", async () => {
        const seen: RateLimitRejection[] = []
        const off = onRateLimitRejected((e) => seen.push(e))
        const email = uniqueEmail("metrics")
        for (let i = 0; i < 10; i++) await login(email, "Metrics-Password-1")
        off()
        expect(seen).toEqual([
          expect.objectContaining({ limiter: "auth-client", retryAfterSeconds: 2 }),
        ])
      })
    })

    describe("no account enumeration", () => {
      it("answers an unknown account and a wrong password identically", async () => {
        const c = await registerCustomer(api, store().headers)
        const wrong = await login(c.email, "Wrong-Password-123")
        const unknown = await login(uniqueEmail("nobody"), "Wrong-Password-123")
        expect(wrong.status).toBe(401)
        expect(unknown.status).toBe(wrong.status)
        expect(unknown.data).toEqual(wrong.data)
      })

      it("answers reset requests for known and unknown e-mails identically", async () => {
        const c = await registerCustomer(api, store().headers)
        const known = await api.post("/auth/customer/emailpass/reset-password", {
          identifier: c.email,
        })
        const unknown = await api.post("/auth/customer/emailpass/reset-password", {
          identifier: uniqueEmail("nobody"),
        })
        expect(known.status).toBe(201)
        expect(unknown.status).toBe(known.status)
        expect(unknown.data).toEqual(known.data)
      })
    })

    describe("password policy", () => {
      const register = (email: string, password: string, actor = "customer") =>
        api
          .post(`/auth/${actor}/emailpass/register`, { email, password })
          .catch((e: any) => e.response)

      it("rejects short, common and e-mail-like passwords with a clear 400", async () => {
        const email = uniqueEmail("policy")
        const short = await register(email, "Short-1")
        expect(short.status).toBe(400)
        expect(short.data.message).toMatch(/at least 10 characters/)

        // Entries of the shipped list, in any letter case.
        for (const common of ["1234567890", "QwertyUiop", "1q2w3e4r5t"]) {
          const res = await register(email, common)
          expect(res.status).toBe(400)
          expect(res.data.message).toMatch(/too common/)
        }

        const same = await register(email, email)
        expect(same.status).toBe(400)
        expect(same.data.message).toMatch(/e-mail/)
        const local = `${email.split("@")[0]}`
        const sameLocal = await register(email, local.toUpperCase())
        expect(sameLocal.status).toBe(400)

        const admin = await register(uniqueEmail("policy-admin"), "password", "user")
        expect(admin.status).toBe(400)

        // Nothing was created: a good password still registers this e-mail.
        const ok = await register(email, "Lang-genug-und-selten-42")
        expect(ok.status).toBe(200)
        expect(ok.data.token).toBeTruthy()
      })

      it("applies the policy to password updates before the reset token is spent", async () => {
        const res = await failing(
          api.post(
            "/auth/customer/emailpass/update",
            { password: "tooshort" },
            { headers: { authorization: "Bearer not-a-real-token" } }
          )
        )
        expect(res.status).toBe(400)
        expect(res.data.message).toMatch(/at least 10 characters/)
      })
    })

    describe("JWT validation", () => {
      const unsigned = (payload: object) => {
        const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url")
        return `${b64({ alg: "none", typ: "JWT" })}.${b64(payload)}.`
      }

      it("rejects alg none, bad signatures and expired tokens with 401", async () => {
        const c = await registerCustomer(api, store().headers)
        const claims = jwt.decode(c.token) as Record<string, any>
        const { iat: _iat, exp: _exp, ...payload } = claims
        const me = (token: string) =>
          api
            .get("/store/customers/me", {
              headers: { ...store().headers, authorization: `Bearer ${token}` },
            })
            .catch((e: any) => e.response)

        expect((await me(c.token)).status).toBe(200)
        expect((await me(unsigned(payload))).status).toBe(401)
        expect((await me(jwt.sign(payload, "some-other-secret"))).status).toBe(401)
        const expired = jwt.sign(
          { ...payload, exp: Math.floor(Date.now() / 1000) - 60 },
          TEST_JWT_SECRET
        )
        expect((await me(expired)).status).toBe(401)

        const adminClaims = jwt.decode(demo.adminHeaders.headers.authorization.slice(7)) as Record<
          string,
          any
        >
        const { iat: _a, exp: _b, ...adminPayload } = adminClaims
        const admin = await failing(
          api.get("/admin/users/me", {
            headers: { authorization: `Bearer ${unsigned(adminPayload)}` },
          })
        )
        expect(admin.status).toBe(401)
      })
    })

    describe("general rate limits", () => {
      it("limits /store per client IP with 429 and Retry-After", async () => {
        for (let i = 0; i < 20; i++) {
          expect((await api.get("/store/regions", store())).status).toBe(200)
        }
        const over = await failing(api.get("/store/regions", store()))
        expect(over.status).toBe(429)
        expect(Number(over.headers["retry-after"])).toBeGreaterThan(0)
        expect(over.data).toEqual({
          type: "too_many_requests",
          message: expect.any(String),
        })
        const other = await api.get("/store/regions", {
          headers: { ...store().headers, "x-forwarded-for": nextIp() },
        })
        expect(other.status).toBe(200)
      })

      it("limits /store per publishable key across addresses", async () => {
        const created = await api.post(
          "/admin/api-keys",
          { title: "Limited", type: "publishable" },
          demo.adminHeaders
        )
        const key = created.data.api_key.token
        for (let i = 0; i < 60; i++) {
          const res = await api.get("/store/regions", {
            headers: { "x-publishable-api-key": key, "x-forwarded-for": nextIp() },
          })
          expect(res.status).toBe(200)
        }
        const over = await failing(
          api.get("/store/regions", {
            headers: { "x-publishable-api-key": key, "x-forwarded-for": nextIp() },
          })
        )
        expect(over.status).toBe(429)
        expect(over.headers["retry-after"]).toBeDefined()
        // The demo key has its own budget.
        expect((await api.get("/store/regions", store())).status).toBe(200)
      })
    })
  },
})
