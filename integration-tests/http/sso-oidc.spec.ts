import Medusa from "@medusajs/js-sdk"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import jwt from "jsonwebtoken"
import { AUDIT_MODULE } from "@commerce-api/plugin/modules/audit"
import type { AuditModuleService } from "@commerce-api/plugin/modules/audit"
import { getPluginOptions, setPluginOptions } from "@commerce-api/plugin/lib/plugin-options"
import { type Demo, failing, registerCustomer, seedForTests } from "../helpers/fixtures"
import { freePortSync } from "../helpers/ports"
import { startEvilIdp, type EvilMode } from "../helpers/oidc/evil-idp"
import { startOp } from "../helpers/oidc/op"
import { UserAgent } from "../helpers/oidc/user-agent"

jest.setTimeout(600 * 1000)

// Sign-in through a REAL OpenID Provider (oidc-provider, own keys, loopback) and a hand-rolled
// "evil" IdP that issues broken ID tokens. Medusa's own routes and @medusajs/auth-oidc do the
// protocol; the plugin adds the customer/staff rules, audit and brute-force counting.
const opPort = freePortSync()
const evilPort = freePortSync()
const downPort = freePortSync() // nothing listens there: an IdP that is down
const STORE_CB = "http://localhost:8000/account/sso/loopback"
const ADMIN_CB = "http://localhost:9000/app/login?auth_provider=loopback"
const EVIL_CB = "http://localhost:8000/account/sso/evil"

const accounts = {
  ada: { email: "ada@idp.test", email_verified: true, given_name: "Ada", family_name: "Lovelace" },
  unverified: { email: "unverified@idp.test", email_verified: false, given_name: "Una" },
  // Same e-mail as a password customer created in the collision test.
  "pat-verified": { email: "pat@shop.test", email_verified: true, given_name: "Pat" },
  "pat-unverified": { email: "pat@shop.test", email_verified: false, given_name: "Pat" },
  newhire: { email: "newhire@shop.test", email_verified: true, given_name: "New" },
  boss: { email: "boss@staff.test", email_verified: true, given_name: "Boss" },
  stranger: { email: "stranger@outside.test", email_verified: true },
  "staff-unverified": { email: "unverified@staff.test", email_verified: false },
  leaver: { email: "leaver@shop.test", email_verified: true },
  linker: { email: "linker-elsewhere@idp.test", email_verified: true, given_name: "Lin" },
  "linker-unverified": { email: "linker-unverified@idp.test", email_verified: false },
}

let ipSeq = 0
const nextIp = () => `203.0.113.${++ipSeq}`

// Set before the runner loads medusa-config.ts (it applies `env` only after that).
const SSO_ENV: Record<string, string> = {
  TRUSTED_PROXIES: "*",
  AUTH_MAX_FAILURES_PER_IP: "12",
  AUTH_OIDC_PROVIDERS: "loopback,evil,down",
  AUTH_OIDC_LOOPBACK_ISSUER: `http://127.0.0.1:${opPort}`,
  AUTH_OIDC_LOOPBACK_CLIENT_ID: "shop",
  AUTH_OIDC_LOOPBACK_CLIENT_SECRET: "shop-client-secret-for-tests-only",
  AUTH_OIDC_LOOPBACK_CALLBACK_URL: STORE_CB,
  AUTH_OIDC_LOOPBACK_ALLOWED_CALLBACK_URLS: `${STORE_CB},${ADMIN_CB}`,
  AUTH_OIDC_LOOPBACK_ACTORS: "customer,user",
  AUTH_OIDC_LOOPBACK_DISPLAY_NAME: "Loopback IdP",
  AUTH_OIDC_EVIL_ISSUER: `http://127.0.0.1:${evilPort}`,
  AUTH_OIDC_EVIL_CLIENT_ID: "evil-client",
  AUTH_OIDC_EVIL_CLIENT_SECRET: "evil-secret",
  AUTH_OIDC_EVIL_CALLBACK_URL: EVIL_CB,
  AUTH_OIDC_EVIL_ALLOWED_CALLBACK_URLS: EVIL_CB,
  AUTH_OIDC_DOWN_ISSUER: `http://127.0.0.1:${downPort}`,
  AUTH_OIDC_DOWN_CLIENT_ID: "down",
  AUTH_OIDC_DOWN_CALLBACK_URL: STORE_CB,
  AUTH_OIDC_DOWN_ALLOWED_CALLBACK_URLS: STORE_CB,
  SSO_ADMIN_EMAIL_DOMAINS: "staff.test",
}
Object.assign(process.env, SSO_ENV)

medusaIntegrationTestRunner({
  inApp: true,
  env: SSO_ENV,
  testSuite: ({ api, getContainer }) => {
    let demo: Demo
    let op: Awaited<ReturnType<typeof startOp>>
    let evil: Awaited<ReturnType<typeof startEvilIdp>>
    let ip: string

    beforeAll(async () => {
      op = await startOp({
        port: opPort,
        clients: [
          {
            client_id: "shop",
            client_secret: "shop-client-secret-for-tests-only",
            redirect_uris: [STORE_CB, ADMIN_CB],
            grant_types: ["authorization_code"],
            response_types: ["code"],
            token_endpoint_auth_method: "client_secret_post",
          },
        ],
        accounts,
      })
      evil = await startEvilIdp(evilPort, "evil-client")
      demo = await seedForTests(getContainer())
    })

    afterAll(async () => {
      await op?.stop()
      await evil?.stop()
    })

    beforeEach(() => {
      ip = nextIp()
      api.defaults.headers.common["x-forwarded-for"] = ip
    })

    const store = () => demo.storeHeaders.headers
    const bearer = (token: string, extra: Record<string, string> = {}) => ({
      headers: { ...extra, authorization: `Bearer ${token}` },
    })
    const decode = (token: string) => jwt.decode(token) as Record<string, any>

    /** What the storefront's button and callback page do, with a user agent at the IdP. */
    async function idpRedirect(
      actor: "customer" | "user",
      provider: string,
      login: string,
      callbackUrl?: string
    ) {
      const start = await api.post(
        `/auth/${actor}/${provider}`,
        callbackUrl ? { callback_url: callbackUrl } : {}
      )
      const location: string = start.data.location
      const back = await new UserAgent().signIn(location, login, [STORE_CB, ADMIN_CB, EVIL_CB])
      const query = Object.fromEntries(back.searchParams)
      delete query.auth_provider
      return { location, query }
    }
    const callback = (actor: string, provider: string, query: Record<string, string>) =>
      api.get(`/auth/${actor}/${provider}/callback`, { params: query })

    /** A shopper's first sign-in, completed: returns a token with the new customer. */
    async function shopperSignUp(login: string) {
      const { query } = await idpRedirect("customer", "loopback", login)
      const first = (await callback("customer", "loopback", query)).data.token
      await api.post("/store/sso/customer", {}, bearer(first, store()))
      return (await api.post("/auth/token/refresh", {}, bearer(first))).data.token as string
    }

    const auth = (c: MedusaContainer) => c.resolve(Modules.AUTH)
    async function identitiesOf(provider: string) {
      const all = await auth(getContainer()).listProviderIdentities({ provider })
      return all
    }
    async function auditActions(since: Date) {
      const rows = await getContainer()
        .resolve<AuditModuleService>(AUDIT_MODULE)
        .listAuditLogs({ kind: "auth" }, { take: 500, order: { occurred_at: "DESC" } })
      return rows.filter((r) => new Date(r.occurred_at) >= since)
    }
    const setLinking = (linkVerifiedEmail: boolean) =>
      setPluginOptions({ ...getPluginOptions(), sso: { enabled: true, linkVerifiedEmail } })

    describe("configuration", () => {
      it("lists the providers per actor, as the admin login page reads them", async () => {
        const customer = await api.get("/auth/customer/providers")
        expect(customer.data.providers.map((p: any) => p.id).sort()).toEqual(
          ["down", "emailpass", "evil", "loopback"].sort()
        )
        const user = await api.get("/auth/user/providers")
        const ids = user.data.providers.map((p: any) => p.id)
        expect(ids.sort()).toEqual(["emailpass", "loopback"])
        expect(user.data.providers.find((p: any) => p.id === "loopback")).toMatchObject({
          display_name: "Loopback IdP",
          flow: "redirect",
        })
        // A provider not allowed for staff is refused on the user routes.
        const refused = await failing(api.post("/auth/user/evil", {}))
        expect(refused.status).toBe(400)
      })

      it("refuses a callback URL outside the allowlist", async () => {
        const res = await failing(
          api.post("/auth/customer/loopback", { callback_url: "https://attacker.example/cb" })
        )
        expect(res.status).toBe(401)
        expect(res.data.message).toMatch(/callback URL is not allowed/)
      })
    })

    describe("shopper", () => {
      it("signs in with the js-sdk flow: first login creates the customer, the next signs it in", async () => {
        const since = new Date()
        const sdk = new Medusa({
          baseUrl: api.defaults!.baseURL!,
          publishableKey: demo.publishableKey,
          auth: { type: "jwt", jwtTokenStorageMethod: "memory" },
          globalHeaders: { "x-forwarded-for": ip },
        })
        const started = await sdk.auth.login("customer", "loopback", {})
        if (typeof started !== "object" || !("location" in started)) {
          throw new Error("expected a redirect location")
        }
        const location = new URL(started.location)
        expect(location.origin).toBe(op.issuer)
        expect(location.searchParams.get("code_challenge_method")).toBe("S256")
        expect(location.searchParams.get("nonce")).toBeTruthy()
        const back = await new UserAgent().signIn(started.location, "ada", [STORE_CB])
        const token = await sdk.auth.callback(
          "customer",
          "loopback",
          Object.fromEntries(back.searchParams)
        )
        expect(typeof token).toBe("string")
        expect(decode(token as string).actor_id).toBe("")

        const created = await sdk.client.fetch<any>("/store/sso/customer", { method: "POST" })
        expect(created.action).toBe("create")
        expect(created.customer).toMatchObject({
          email: "ada@idp.test",
          first_name: "Ada",
          last_name: "Lovelace",
          has_account: true,
        })
        await sdk.auth.refresh()
        const { customer } = await sdk.store.customer.retrieve()
        expect(customer.id).toBe(created.customer.id)
        const verification = await sdk.client.fetch<any>("/store/customers/me/verification")
        expect(verification.verification).toMatchObject({ verified: true, email: "ada@idp.test" })

        // Second sign-in: the same customer, straight from the callback.
        const again = await idpRedirect("customer", "loopback", "ada")
        const second = await callback("customer", "loopback", again.query)
        expect(decode(second.data.token).actor_id).toBe(created.customer.id)
        const customers = await getContainer()
          .resolve(Modules.CUSTOMER)
          .listCustomers({ email: "ada@idp.test" })
        expect(customers).toHaveLength(1)

        const actions = (await auditActions(since)).map((r) => r.action)
        expect(actions).toEqual(
          expect.arrayContaining([
            "auth.sso_started",
            "auth.sso_login_succeeded",
            "auth.sso_customer_created",
          ])
        )
      })

      it("keeps an unverified IdP e-mail unverified", async () => {
        const { query } = await idpRedirect("customer", "loopback", "unverified")
        const { data } = await callback("customer", "loopback", query)
        const created = await api.post("/store/sso/customer", {}, bearer(data.token, store()))
        expect(created.status).toBe(201)
        const refreshed = await api.post("/auth/token/refresh", {}, bearer(data.token))
        const status = await api.get(
          "/store/customers/me/verification",
          bearer(refreshed.data.token, store())
        )
        expect(status.data.verification.verified).toBe(false)
      })

      it("never takes over a password account with the same e-mail; links only as the rules allow", async () => {
        const pat = await registerCustomer(api, store(), { email: "pat@shop.test" })
        const patIdentity = async () =>
          (
            await auth(getContainer()).listAuthIdentities({
              app_metadata: { customer_id: pat.customer.id },
            })
          ).length

        // Linking off (the default): a verified IdP e-mail does not link.
        const first = await idpRedirect("customer", "loopback", "pat-verified")
        const t1 = (await callback("customer", "loopback", first.query)).data.token
        const refused = await failing(api.post("/store/sso/customer", {}, bearer(t1, store())))
        expect(refused.status).toBe(422)
        expect(refused.data.message).toMatch(/already exists/)
        // Medusa's own POST /store/customers refuses it too, and another e-mail is refused.
        const dup = await failing(
          api.post("/store/customers", { email: "pat@shop.test" }, bearer(t1, store()))
        )
        expect(dup.status).toBeGreaterThanOrEqual(400)
        expect(dup.status).toBeLessThan(500)
        const other = await failing(
          api.post("/store/customers", { email: "someone-else@shop.test" }, bearer(t1, store()))
        )
        expect(other.status).toBe(400)
        expect(other.data.message).toMatch(/identity provider/)
        expect(await patIdentity()).toBe(1)

        setLinking(true)
        try {
          // Linking on, but the IdP did not verify the e-mail: still refused.
          const unv = await idpRedirect("customer", "loopback", "pat-unverified")
          const t2 = (await callback("customer", "loopback", unv.query)).data.token
          const refused2 = await failing(api.post("/store/sso/customer", {}, bearer(t2, store())))
          expect(refused2.status).toBe(422)
          expect(await patIdentity()).toBe(1)

          // Linking on and verified: links to Pat's account, creates nothing.
          const ver = await idpRedirect("customer", "loopback", "pat-verified")
          const t3 = (await callback("customer", "loopback", ver.query)).data.token
          const linked = await api.post("/store/sso/customer", {}, bearer(t3, store()))
          expect(linked.status).toBe(200)
          expect(linked.data).toMatchObject({ action: "link", customer: { id: pat.customer.id } })
          expect(await patIdentity()).toBe(2)
        } finally {
          setLinking(false)
        }
        // The password still works.
        const login = await api.post("/auth/customer/emailpass", {
          email: "pat@shop.test",
          password: pat.password,
        })
        expect(decode(login.data.token).actor_id).toBe(pat.customer.id)
      })

      it("a logged-in customer links a provider explicitly and unlinks it while another way remains", async () => {
        const lin = await registerCustomer(api, store(), { email: "lin@shop.test" })
        const signIns = async (headers: { headers: Record<string, string> }) =>
          (await api.get("/store/sso/identities", headers)).data.identities
        expect(await signIns(lin.headers)).toEqual([
          { provider: "emailpass", email: "lin@shop.test" },
        ])

        const first = await idpRedirect("customer", "loopback", "linker")
        const token = (await callback("customer", "loopback", first.query)).data.token
        // Another logged-in customer cannot use somebody's token after it is linked, nor a forged one.
        const { iat: _iat, exp: _exp, ...payload } = decode(token)
        const forged = jwt.sign(payload, "not-the-server-secret")
        const refusedForged = await failing(
          api.post("/store/sso/identities", { token: forged }, lin.headers)
        )
        expect(refusedForged.status).toBe(400)

        const linked = await api.post("/store/sso/identities", { token }, lin.headers)
        expect(linked.data.identities).toEqual([
          { provider: "emailpass", email: "lin@shop.test" },
          { provider: "loopback", email: "linker-elsewhere@idp.test" },
        ])
        const again = await idpRedirect("customer", "loopback", "linker")
        const signedIn = (await callback("customer", "loopback", again.query)).data.token
        expect(decode(signedIn).actor_id).toBe(lin.customer.id)

        const other = await registerCustomer(api, store())
        const stolen = await failing(api.post("/store/sso/identities", { token }, other.headers))
        expect(stolen.status).toBe(400)
        expect(stolen.data.message).toMatch(/another account/)

        // An unverified IdP e-mail never links, even explicitly.
        const unv = await idpRedirect("customer", "loopback", "linker-unverified")
        const unvToken = (await callback("customer", "loopback", unv.query)).data.token
        const refusedUnv = await failing(
          api.post("/store/sso/identities", { token: unvToken }, other.headers)
        )
        expect(refusedUnv.status).toBe(400)
        expect(refusedUnv.data.message).toMatch(/not verified/)
        expect(await signIns(other.headers)).toHaveLength(1)

        // Unlink: the password remains, and the IdP sign-in no longer reaches the account.
        const unlinked = await api.delete("/store/sso/identities/loopback", lin.headers)
        expect(unlinked.data.identities).toEqual([
          { provider: "emailpass", email: "lin@shop.test" },
        ])
        const after = await idpRedirect("customer", "loopback", "linker")
        const afterToken = (await callback("customer", "loopback", after.query)).data.token
        expect(decode(afterToken).actor_id).toBe("")
        // ... and can be linked again.
        const relinked = await api.post("/store/sso/identities", { token: afterToken }, lin.headers)
        expect(relinked.data.identities).toHaveLength(2)
        // The password is the last way in: it cannot be removed.
        const lastOne = await failing(api.delete("/store/sso/identities/emailpass", lin.headers))
        expect(lastOne.status).toBe(404)
      })

      it("an account that signs in only through the IdP cannot unlink it", async () => {
        const token = await shopperSignUp("ada")
        const refused = await failing(
          api.delete("/store/sso/identities/loopback", bearer(token, store()))
        )
        expect({ status: refused.status, message: refused.data.message }).toEqual({
          status: 400,
          message: expect.stringMatching(/only way to sign in/),
        })
        const after = await api.get("/store/sso/identities", bearer(token, store()))
        expect(after.data.identities).toEqual([{ provider: "loopback", email: "ada@idp.test" }])
      })

      it("refuses the completion route without an IdP registration token", async () => {
        const anonymous = await failing(api.post("/store/sso/customer", {}, { headers: store() }))
        expect(anonymous.status).toBe(401)
        const password = await registerCustomer(api, store())
        const withPassword = await failing(
          api.post("/store/sso/customer", {}, bearer(password.token, store()))
        )
        expect(withPassword.status).toBe(401)
      })
    })

    describe("attacks on the callback (each 401, nothing created)", () => {
      it("wrong or missing state", async () => {
        const before = (await identitiesOf("loopback")).length
        const { query } = await idpRedirect("customer", "loopback", "ada")
        const wrong = await failing(
          callback("customer", "loopback", { ...query, state: "f".repeat(64) })
        )
        expect(wrong.status).toBe(401)
        const { state: _omit, ...withoutState } = query
        const missing = await failing(callback("customer", "loopback", withoutState))
        expect(missing.status).toBe(401)
        expect(missing.data.message).toMatch(/state/)
        expect((await identitiesOf("loopback")).length).toBe(before)
      })

      it("a replayed authorization code", async () => {
        const { query } = await idpRedirect("customer", "loopback", "ada")
        const ok = await callback("customer", "loopback", query)
        expect(ok.status).toBe(200)
        const before = JSON.stringify(await identitiesOf("loopback"))
        const replay = await failing(callback("customer", "loopback", query))
        expect(replay.status).toBe(401)
        expect(replay.data.message).not.toMatch(/Error:|at .*\.js/)
        expect(JSON.stringify(await identitiesOf("loopback"))).toBe(before)
      })

      const broken: EvilMode[] = [
        "wrong-audience",
        "wrong-issuer",
        "expired",
        "alg-none",
        "bad-signature",
        "nonce-mismatch",
      ]
      it.each(broken)("an ID token with %s", async (mode) => {
        evil.state.mode = mode
        evil.setSubject(`evil-${mode}`)
        try {
          const { query } = await idpRedirect("customer", "evil", "n/a")
          const tokenRequests = evil.state.tokenRequests
          const res = await failing(callback("customer", "evil", query))
          expect(res.status).toBe(401)
          expect(res.data.message).toBe("Authentication failed")
          // The IdP was asked (the token really was checked and refused) ...
          expect(evil.state.tokenRequests).toBe(tokenRequests + 1)
          // ... and no identity exists for it.
          const ids = await identitiesOf("evil")
          expect(ids.find((i) => i.entity_id === `evil-${mode}`)).toBeUndefined()
        } finally {
          evil.state.mode = "honest"
        }
      })

      it("the same evil IdP, honest, signs in (the cases above fail for their one defect)", async () => {
        evil.setSubject("evil-honest")
        const { query } = await idpRedirect("customer", "evil", "n/a")
        const res = await callback("customer", "evil", query)
        expect(res.status).toBe(200)
        const ids = await identitiesOf("evil")
        expect(ids.find((i) => i.entity_id === "evil-honest")).toBeDefined()
      })

      it("an IdP that is down: 401 with a clear message, never a 500", async () => {
        const start = await failing(api.post("/auth/customer/down", {}))
        expect(start.status).toBe(401)
        expect(start.data.message).toBe("Authentication failed")
        // The IdP goes away between the redirect and the code exchange.
        evil.state.mode = "token-endpoint-down"
        try {
          const { query } = await idpRedirect("customer", "evil", "n/a")
          const res = await failing(callback("customer", "evil", query))
          expect(res.status).toBe(401)
        } finally {
          evil.state.mode = "honest"
        }
      })

      it("failed callbacks are audited and count toward the per-IP brute-force limit", async () => {
        const since = new Date()
        const statuses: number[] = []
        for (let i = 0; i < 13; i++) {
          const res = await failing(
            callback("customer", "loopback", { code: "x", state: `guess-${i}` })
          )
          statuses.push(res.status)
        }
        expect(statuses.slice(0, 12).every((s) => s === 401)).toBe(true)
        expect(statuses[12]).toBe(429)
        const failed = (await auditActions(since)).filter(
          (r) => r.action === "auth.sso_login_failed" && r.ip === ip
        )
        expect(failed.length).toBe(12)
        expect(failed[0].metadata).toMatchObject({ provider: "loopback" })
      })
    })

    describe("staff", () => {
      const signInStaff = async (login: string) => {
        const { query } = await idpRedirect("user", "loopback", login, ADMIN_CB)
        return (await callback("user", "loopback", query)).data.token as string
      }
      const provision = (token: string) => api.post("/auth/loopback/user", {}, bearer(token))

      it("an invited user signs in through the IdP and uses the admin API", async () => {
        await api.post("/admin/invites", { email: "newhire@shop.test" }, demo.adminHeaders)
        const token = await signInStaff("newhire")
        expect(decode(token)).toMatchObject({ actor_id: "", actor_type: "user" })
        const provisioned = await provision(token)
        expect(provisioned.data.user.email).toBe("newhire@shop.test")
        const refreshed = await api.post("/auth/token/refresh", {}, bearer(token))
        const me = await api.get("/admin/users/me", bearer(refreshed.data.token))
        expect(me.data.user.email).toBe("newhire@shop.test")

        // Next time the callback signs the user in directly.
        const again = await signInStaff("newhire")
        expect(decode(again).actor_id).toBe(me.data.user.id)
      })

      it("an existing admin user and a user of an allowed domain may sign in", async () => {
        const users = getContainer().resolve(Modules.USER)
        const [existing] = await users.createUsers([{ email: "leaver@shop.test" }])
        const linked = await provision(await signInStaff("leaver"))
        expect(linked.data.user.id).toBe(existing.id)
        const boss = await provision(await signInStaff("boss"))
        expect(boss.data.user.email).toBe("boss@staff.test")
      })

      it("refuses strangers and unverified e-mails, creating no user", async () => {
        const users = getContainer().resolve(Modules.USER)
        const stranger = await failing(provision(await signInStaff("stranger")))
        expect(stranger.status).toBe(403)
        expect(stranger.data.message).toMatch(/No admin account or invite/)
        const unverified = await failing(provision(await signInStaff("staff-unverified")))
        expect(unverified.status).toBe(403)
        expect(await users.listUsers({ email: "stranger@outside.test" })).toHaveLength(0)
        expect(await users.listUsers({ email: "unverified@staff.test" })).toHaveLength(0)
      })

      it("a disabled user cannot sign in, and its tokens stop working at once", async () => {
        const users = getContainer().resolve(Modules.USER)
        const [leaver] = await users.createUsers([{ email: "leaver@shop.test" }])
        await provision(await signInStaff("leaver"))
        const token = await signInStaff("leaver")
        expect(decode(token).actor_id).toBe(leaver.id)
        expect((await api.get("/admin/users/me", bearer(token))).status).toBe(200)

        await api.post(
          `/admin/users/${leaver.id}`,
          { metadata: { disabled: true } },
          demo.adminHeaders
        )
        const blocked = await failing(api.get("/admin/users/me", bearer(token)))
        expect(blocked.status).toBe(401)
        expect(blocked.data.message).toMatch(/disabled/)
        const next = await signInStaff("leaver")
        expect((await failing(api.get("/admin/users/me", bearer(next)))).status).toBe(401)
        // Refused before any link, too, even when the domain is allowed.
        await users.createUsers([{ email: "boss@staff.test", metadata: { disabled: true } }])
        const boss = await failing(provision(await signInStaff("boss")))
        expect(boss.status).toBe(403)
        expect(boss.data.message).toMatch(/disabled/)
        const identities = await auth(getContainer()).listAuthIdentities({
          app_metadata: { user_id: leaver.id },
        })
        expect(identities).toHaveLength(1)
      })
    })
  },
})
