import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { completeCartWorkflow } from "@medusajs/medusa/core-flows"
import {
  type Demo,
  failing,
  findVariants,
  registerCustomer,
  seedForTests,
  cartReadyToComplete,
} from "../helpers/fixtures"
import { mailboxForSuite, tokenFrom } from "../helpers/smtp"
import { workflowHookLog } from "../helpers/workflow-hooks"

jest.setTimeout(600 * 1000)

const mailbox = mailboxForSuite()

medusaIntegrationTestRunner({
  inApp: true,
  env: {
    REQUIRE_VERIFIED_EMAIL_FOR_CHECKOUT: "true",
  },
  testSuite: ({ api, getContainer }) => {
    let demo: Demo
    let variants: Awaited<ReturnType<typeof findVariants>>

    beforeAll(async () => {
      await mailbox.start()
      demo = await seedForTests(getContainer())
      variants = await findVariants(getContainer())
    })

    afterAll(async () => {
      await mailbox.stop()
    })

    const store = () => demo.storeHeaders

    const readyCart = (headers: { headers: Record<string, string> }, email?: string) =>
      cartReadyToComplete(api, headers, {
        regionId: demo.regions.eur,
        variantId: variants.inStock[0].id,
        email,
      })

    describe("e-mail verification", () => {
      it("mails a token on registration and verifies the customer with it", async () => {
        const c = await registerCustomer(api, store().headers, { first_name: "Vera" })
        const mail = await mailbox.waitFor(c.email)
        expect(mail.from).toBe("shop@test.local")
        expect(mail.text).toMatch(/Subject: Confirm your e-mail address/)
        expect(mail.text).toMatch(/Hello Vera/)
        const token = tokenFrom(mail, "Verification token")

        const before = await api.get("/store/customers/me/verification", c.headers)
        expect(before.data.verification).toMatchObject({ verified: false, verified_at: null })

        const wrong = await failing(
          api.post("/store/customers/me/verify-email", { token: "not-the-token" }, c.headers)
        )
        expect(wrong.status).toBe(400)
        expect(wrong.data.message).toMatch(/invalid or has expired/)

        const anonymous = await failing(
          api.post("/store/customers/me/verify-email", { token }, store())
        )
        expect(anonymous.status).toBe(401)

        const ok = await api.post("/store/customers/me/verify-email", { token }, c.headers)
        expect(ok.status).toBe(200)
        expect(ok.data.verification).toMatchObject({ verified: true, email: c.email })

        const after = await api.get("/store/customers/me/verification", c.headers)
        expect(after.data.verification.verified).toBe(true)
        const admin = await api.get(
          `/admin/customers/${c.customer.id}/verification`,
          demo.adminHeaders
        )
        expect(admin.data.verification).toMatchObject({ verified: true, email: c.email })

        // Tokens are single use.
        const again = await failing(
          api.post("/store/customers/me/verify-email", { token }, c.headers)
        )
        expect(again.status).toBe(400)
      })

      it("resends a fresh token that replaces the old one", async () => {
        const c = await registerCustomer(api, store().headers)
        const first = tokenFrom(await mailbox.waitFor(c.email, 1), "Verification token")
        const resend = await api.post("/store/customers/me/verify-email/resend", {}, c.headers)
        expect(resend.status).toBe(202)
        const second = tokenFrom(await mailbox.waitFor(c.email, 2), "Verification token")
        expect(second).not.toBe(first)

        const old = await failing(
          api.post("/store/customers/me/verify-email", { token: first }, c.headers)
        )
        expect(old.status).toBe(400)
        const ok = await api.post("/store/customers/me/verify-email", { token: second }, c.headers)
        expect(ok.data.verification.verified).toBe(true)

        const done = await failing(
          api.post("/store/customers/me/verify-email/resend", {}, c.headers)
        )
        expect(done.status).toBe(400)
      })

      it("rejects malformed verification bodies with 400", async () => {
        const c = await registerCustomer(api, store().headers)
        for (const body of [{}, { token: 5 }, { token: "" }, { token: "x", extra: true }]) {
          const res = await failing(api.post("/store/customers/me/verify-email", body, c.headers))
          expect(res.status).toBe(400)
        }
        const admin404 = await failing(
          api.get("/admin/customers/cus_01JZZZZZZZZZZZZZZZZZZZZZZZ/verification", demo.adminHeaders)
        )
        expect(admin404.status).toBe(404)
      })

      it("sends no verification mail to guests", async () => {
        const guest = `guest-${Date.now()}@example.com`
        const cart = await api.post(
          "/store/carts",
          { region_id: demo.regions.eur, email: guest },
          store()
        )
        expect(cart.data.cart.email).toBe(guest)
        const c = await registerCustomer(api, store().headers)
        // The registered customer's mail arrives, so the guest's would have too.
        await mailbox.waitFor(c.email)
        expect(mailbox.mailsTo(guest)).toHaveLength(0)
      })
    })

    describe("password reset", () => {
      it("mails a reset token that sets a new password (policy first, token kept)", async () => {
        const c = await registerCustomer(api, store().headers)
        await api.post("/auth/customer/emailpass/reset-password", { identifier: c.email })
        const mail = await mailbox.waitFor(c.email, 2) // #1 is the verification mail
        expect(mail.text).toMatch(/Subject: Reset your password/)
        const token = tokenFrom(mail, "Reset token")
        const bearer = { headers: { authorization: `Bearer ${token}` } }

        const weak = await failing(
          api.post("/auth/customer/emailpass/update", { password: "QwertyUiop" }, bearer)
        )
        expect(weak.status).toBe(400)
        expect(weak.data.message).toMatch(/too common/)

        const newPassword = "Brand-New-Secret-77"
        const ok = await api.post(
          "/auth/customer/emailpass/update",
          { password: newPassword },
          bearer
        )
        expect(ok.status).toBe(200)

        const reused = await failing(
          api.post("/auth/customer/emailpass/update", { password: "Another-Secret-88" }, bearer)
        )
        expect(reused.status).toBe(401)

        const oldLogin = await failing(
          api.post("/auth/customer/emailpass", { email: c.email, password: c.password })
        )
        expect(oldLogin.status).toBe(401)
        const newLogin = await api.post("/auth/customer/emailpass", {
          email: c.email,
          password: newPassword,
        })
        expect(newLogin.data.token).toBeTruthy()
      })

      it("sends nothing for an unknown e-mail", async () => {
        const unknown = `nobody-${Date.now()}@example.com`
        const res = await api.post("/auth/customer/emailpass/reset-password", {
          identifier: unknown,
        })
        expect(res.status).toBe(201)
        const c = await registerCustomer(api, store().headers)
        await api.post("/auth/customer/emailpass/reset-password", { identifier: c.email })
        await mailbox.waitFor(c.email, 2)
        expect(mailbox.mailsTo(unknown)).toHaveLength(0)
      })
    })

    describe("checkout setting REQUIRE_VERIFIED_EMAIL_FOR_CHECKOUT", () => {
      it("blocks unverified registered customers with 403 until they verify", async () => {
        const c = await registerCustomer(api, store().headers)
        const cart = await readyCart(c.headers)
        const blocked = await failing(api.post(`/store/carts/${cart.id}/complete`, {}, c.headers))
        expect(blocked.status).toBe(403)
        expect(blocked.data.message).toMatch(/Verify your e-mail address/)

        const token = tokenFrom(await mailbox.waitFor(c.email), "Verification token")
        await api.post("/store/customers/me/verify-email", { token }, c.headers)
        const done = await api.post(`/store/carts/${cart.id}/complete`, {}, c.headers)
        expect(done.data.type).toBe("order")
      })

      it("is enforced inside cart completion, so jobs and webhooks calling the workflow are refused too", async () => {
        const c = await registerCustomer(api, store().headers)
        const cart = await readyCart(c.headers)
        const { errors } = await completeCartWorkflow(getContainer()).run({
          input: { id: cart.id },
          throwOnError: false,
        })
        expect(errors[0]?.error?.message).toMatch(/Verify your e-mail address/)
        const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
        const { data } = await query.graph({
          entity: "order_cart",
          fields: ["order_id"],
          filters: { cart_id: cart.id },
        })
        expect(data).toEqual([])
      })

      it("lets guests check out and allows everyone when the setting is off", async () => {
        const guestCart = await readyCart(store(), "guest-checkout@example.com")
        const guest = await api.post(`/store/carts/${guestCart.id}/complete`, {}, store())
        expect(guest.data.type).toBe("order")

        const c = await registerCustomer(api, store().headers)
        const cart = await readyCart(c.headers)
        process.env.REQUIRE_VERIFIED_EMAIL_FOR_CHECKOUT = "false"
        try {
          const done = await api.post(`/store/carts/${cart.id}/complete`, {}, c.headers)
          expect(done.data.type).toBe("order")
        } finally {
          process.env.REQUIRE_VERIFIED_EMAIL_FOR_CHECKOUT = "true"
        }
      })
    })

    // A consumer's hook handler in the test-only plugin
    // (integration-tests/test-routes/src/workflows/hooks/email-verification.ts).
    describe("workflow hooks", () => {
      const hooks = workflowHookLog()
      beforeAll(() => hooks.enable())
      afterAll(() => hooks.disable())

      it("emailVerified gets the verified customer; a throwing handler undoes the verification", async () => {
        const c = await registerCustomer(api, store().headers)
        const token = tokenFrom(await mailbox.waitFor(c.email), "Verification token")
        const verify = (additional_data: Record<string, unknown>) =>
          api.post("/store/customers/me/verify-email", { token, additional_data }, c.headers)

        const refused = await failing(verify({ fail_after_verify: true }))
        expect(refused.status).toBe(400)
        expect(refused.data.message).toBe("The after-verify hook refused")
        const still = await api.get("/store/customers/me/verification", c.headers)
        expect(still.data.verification).toMatchObject({ verified: false, verified_at: null })

        // The token is still good, and the hook hears of the verification.
        const ok = await verify({ source: "app" })
        expect(ok.data.verification).toMatchObject({ verified: true, email: c.email })
        const calls = hooks.calls("verify-customer-email.emailVerified").map((x) => x.payload)
        expect(calls).toEqual([
          {
            customer_id: c.customer.id,
            email: c.email,
            verified_at: expect.any(String),
            additional_data: { fail_after_verify: true },
          },
          {
            customer_id: c.customer.id,
            email: c.email,
            verified_at: ok.data.verification.verified_at,
            additional_data: { source: "app" },
          },
        ])
        // One audit entry: the refused attempt left none behind.
        const audit = await api.get(
          `/admin/audit-logs?actor_id=${c.customer.id}&action=auth.email_verified`,
          demo.adminHeaders
        )
        expect(audit.data.count).toBe(1)
      })
    })
  },
})
