import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Webhook } from "standardwebhooks"
import { WEBHOOKS_MODULE } from "@commerce-api/plugin/modules/webhooks"
import type { WebhooksModuleService } from "@commerce-api/plugin/modules/webhooks"
import {
  cartReadyToComplete,
  type Demo,
  failing,
  findVariants,
  seedForTests,
} from "../helpers/fixtures"
import { mailboxForSuite } from "../helpers/smtp"
import { verifyWebhook, WebhookReceiver } from "../helpers/webhook-receiver"

jest.setTimeout(600 * 1000)

// Fast delivery for the suite: 200 ms polls, 1 s timeouts, retries 200–400 ms apart,
// disabled after 3 failures in a row. The guard is on; the allowlist names 127.0.0.1.
const env = {
  WEBHOOKS_POLL_INTERVAL_MS: "200",
  WEBHOOKS_TIMEOUT_MS: "1000",
  WEBHOOKS_RETRY_BASE_MS: "200",
  WEBHOOKS_RETRY_MAX_MS: "400",
  WEBHOOKS_MAX_ATTEMPTS: "6",
  WEBHOOKS_DISABLE_AFTER_FAILURES: "3",
  WEBHOOKS_SSRF_GUARD: "on",
  WEBHOOKS_ALLOWED_TARGETS: "127.0.0.1",
  WEBHOOKS_ALERT_EMAIL: "ops@shop.test",
}
Object.assign(process.env, env)

const mailbox = mailboxForSuite()
const receiver = new WebhookReceiver()

medusaIntegrationTestRunner({
  inApp: true,
  env,
  testSuite: ({ api, getContainer }) => {
    let demo: Demo
    const admin = () => demo.adminHeaders

    beforeAll(async () => {
      await mailbox.start()
      await receiver.start()
      demo = await seedForTests(getContainer())
    })

    afterAll(async () => {
      await receiver.stop()
      await mailbox.stop()
    })

    async function createEndpoint(path: string, events: string[], extra: object = {}) {
      const res = await api.post(
        "/admin/webhooks",
        { url: receiver.url(path), events, ...extra },
        admin()
      )
      expect(res.status).toBe(201)
      return res.data as { webhook: any; secret: string }
    }

    async function deliveries(id: string) {
      return (await api.get(`/admin/webhooks/${id}/deliveries?limit=50`, admin())).data
    }

    /** The log once no delivery of the endpoint is pending any more (recorded after the answer). */
    async function settledDeliveries(id: string) {
      const until = Date.now() + 15000
      for (;;) {
        const list = await deliveries(id)
        if (list.deliveries.every((d: any) => d.status !== "pending") || Date.now() > until) {
          return list
        }
        await new Promise((r) => setTimeout(r, 100))
      }
    }

    describe("endpoints", () => {
      it("creates with a whsec_ secret shown once, validates input and audit-logs changes", async () => {
        const { webhook, secret } = await createEndpoint("/crud", ["order.placed"], {
          description: "ERP",
          headers: { "X-Shop-Token": "erp-credential" },
        })
        expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/)
        expect(webhook).toMatchObject({
          url: receiver.url("/crud"),
          events: ["order.placed"],
          enabled: true,
          description: "ERP",
          headers: { "X-Shop-Token": "***" },
        })
        const read = await api.get(`/admin/webhooks/${webhook.id}`, admin())
        const list = await api.get("/admin/webhooks?limit=10", admin())
        // The secret and header values never come back.
        for (const body of [read.data, list.data]) {
          expect(JSON.stringify(body)).not.toContain(secret.slice(6))
          expect(JSON.stringify(body)).not.toContain("erp-credential")
        }
        expect(list.data.event_types).toEqual(
          expect.arrayContaining(["order.placed", "inventory.low_stock"])
        )

        const updated = await api.post(
          `/admin/webhooks/${webhook.id}`,
          { events: ["order.placed", "order.canceled"], description: null, enabled: false },
          admin()
        )
        expect(updated.data.webhook).toMatchObject({
          events: ["order.placed", "order.canceled"],
          description: null,
          enabled: false,
        })

        const bad: [object, RegExp][] = [
          [{ url: receiver.url("/x"), events: [] }, /events/],
          [{ url: receiver.url("/x"), events: ["order.exploded"] }, /events/],
          [{ url: "http://10.0.0.7/hook", events: ["order.placed"] }, /10\.0\.0\.7/],
          [
            { url: "http://169.254.169.254/latest/meta-data", events: ["order.placed"] },
            /169\.254/,
          ],
          [{ url: "http://[::1]:9000/", events: ["order.placed"] }, /::1/],
          [{ url: "gopher://127.0.0.1/", events: ["order.placed"] }, /https/],
          [{ url: "http://u:p@127.0.0.1/", events: ["order.placed"] }, /credentials/],
          [{ url: receiver.url("/x"), events: ["order.placed"], headers: { Host: "x" } }, /Host/],
          [
            { url: receiver.url("/x"), events: ["order.placed"], headers: { "webhook-id": "x" } },
            /webhook-id/,
          ],
          [{ url: receiver.url("/x"), events: ["order.placed"], secret: "whsec_mine" }, /secret/],
        ]
        for (const [body, message] of bad) {
          const res = await failing(api.post("/admin/webhooks", body, admin()))
          expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400])
          expect(res.data.message).toMatch(message)
        }
        const count = (await api.get("/admin/webhooks?limit=100", admin())).data.count
        expect(count).toBe(1)
        expect((await failing(api.get("/admin/webhooks?limit=101", admin()))).status).toBe(400)
        expect((await failing(api.get("/admin/webhooks"))).status).toBe(401)
        expect(
          (await failing(api.get("/admin/webhooks/whep_01JZZZZZZZZZZZZZZZZZZZZZZZ", admin())))
            .status
        ).toBe(404)

        const deleted = await api.delete(`/admin/webhooks/${webhook.id}`, admin())
        expect(deleted.data).toEqual({ id: webhook.id, object: "webhook", deleted: true })
        expect((await failing(api.get(`/admin/webhooks/${webhook.id}`, admin()))).status).toBe(404)

        // Audit-logged like every admin mutation (written after each response).
        const until = Date.now() + 15000
        let actions: string[] = []
        while (Date.now() < until) {
          const logs = await api.get(`/admin/audit-logs?limit=100&kind=admin`, admin())
          actions = logs.data.audit_logs
            .filter((l: any) => l.target_id === webhook.id || l.route === "/admin/webhooks")
            .map((l: any) => `${l.action} ${l.status}`)
          if (actions.includes("DELETE /admin/webhooks/:id 200")) break
          await new Promise((r) => setTimeout(r, 200))
        }
        expect(actions).toEqual(
          expect.arrayContaining([
            "POST /admin/webhooks 201",
            "POST /admin/webhooks/:id 200",
            "DELETE /admin/webhooks/:id 200",
          ])
        )
      })
    })

    describe("delivery", () => {
      it("delivers a placed order, signed so that standardwebhooks verifies it", async () => {
        const { webhook, secret } = await createEndpoint("/orders", ["order.placed"])
        const variants = await findVariants(getContainer())
        const cart = await cartReadyToComplete(api, demo.storeHeaders, {
          regionId: demo.regions.eur,
          variantId: variants.inStock[0].id,
          quantity: 2,
          email: "webhook-buyer@example.com",
        })
        const done = await api.post(`/store/carts/${cart.id}/complete`, {}, demo.storeHeaders)
        const completedAt = Date.now()
        expect(done.data.type).toBe("order")
        const order = done.data.order
        const got = await receiver.waitFor(() => receiver.at("/orders")[0])
        // Idle latency: order response → request at the receiver (reported in the PR).
        console.log(`webhook latency at idle: ${got.at - completedAt} ms`)
        const payload = verifyWebhook(secret, got) as any
        expect(payload).toMatchObject({
          id: got.headers["webhook-id"],
          type: "order.placed",
          schema_version: 1,
          data: {
            id: order.id,
            display_id: order.display_id,
            email: "webhook-buyer@example.com",
            currency_code: "eur",
            items: [expect.objectContaining({ variant_id: variants.inStock[0].id, quantity: 2 })],
            shipping_address: expect.objectContaining({ city: "Amsterdam", country_code: "nl" }),
          },
        })
        expect(typeof payload.data.total).toBe("number")
        expect(got.headers["webhook-id"]).toMatch(/^msg_/)
        expect(got.headers["content-type"]).toBe("application/json")
        // A tampered body or another secret fails verification.
        expect(() =>
          verifyWebhook(secret, { ...got, body: got.body.replace("eur", "usd") })
        ).toThrow()
        expect(() =>
          new Webhook("whsec_" + Buffer.alloc(32, 1).toString("base64")).verify(
            got.body,
            got.headers
          )
        ).toThrow()

        const list = await settledDeliveries(webhook.id)
        expect(list.deliveries[0]).toMatchObject({
          event_type: "order.placed",
          status: "succeeded",
          attempts: 1,
          message_id: got.headers["webhook-id"],
          attempt_log: [expect.objectContaining({ attempt: 1, succeeded: true, status_code: 200 })],
        })
        await api.delete(`/admin/webhooks/${webhook.id}`, admin())
      })

      it("500, then a timeout, then 200: one acknowledged delivery, the same webhook-id each time", async () => {
        receiver.behave("/flaky", (_req, nth) => (nth === 1 ? 500 : nth === 2 ? "hang" : 200))
        const { webhook, secret } = await createEndpoint("/flaky", ["product.updated"])
        const queued = await api.post(`/admin/webhooks/${webhook.id}/send-test`, {}, admin())
        expect(queued.status).toBe(202)
        await receiver.waitFor(() => receiver.at("/flaky").length >= 3, 30000, "three attempts")
        // Nothing more arrives once acknowledged.
        await new Promise((r) => setTimeout(r, 1500))
        const got = receiver.at("/flaky")
        expect(got.map((r) => r.answered)).toEqual([500, "hang", 200])
        console.log(
          `webhook retry timeline (ms after the first attempt): ${got.map((r) => r.at - got[0].at).join(", ")}`
        )
        expect(new Set(got.map((r) => r.headers["webhook-id"]))).toEqual(
          new Set([queued.data.message_id])
        )
        for (const r of got)
          expect(verifyWebhook(secret, r)).toMatchObject({ type: "webhook.test" })
        // Retried after a backoff, each attempt signed afresh.
        expect(got[1].at - got[0].at).toBeGreaterThanOrEqual(150)
        const [delivery] = (await settledDeliveries(webhook.id)).deliveries
        expect(delivery).toMatchObject({ status: "succeeded", attempts: 3 })
        expect(
          delivery.attempt_log.map((a: any) => [a.attempt, a.status_code, a.succeeded])
        ).toEqual([
          [1, 500, false],
          [2, null, false],
          [3, 200, true],
        ])
        expect(delivery.attempt_log[0].response_body).toBe("answer 500")
        expect(delivery.attempt_log[1].error).toMatch(/No response within 1000 ms/)
        expect(delivery.attempt_log[1].duration_ms).toBeGreaterThanOrEqual(950)
        // The endpoint's failure count was reset by the success.
        const read = await api.get(`/admin/webhooks/${webhook.id}`, admin())
        expect(read.data.webhook.consecutive_failures).toBe(0)

        // Manual redelivery: the same webhook-id once more.
        const again = await api.post(
          `/admin/webhooks/deliveries/${delivery.id}/redeliver`,
          {},
          admin()
        )
        expect(again.status).toBe(202)
        await receiver.waitFor(() => receiver.at("/flaky").length >= 4)
        expect(receiver.at("/flaky")[3].headers["webhook-id"]).toBe(queued.data.message_id)
        const [redelivered] = (await settledDeliveries(webhook.id)).deliveries
        expect(redelivered.attempt_log.map((a: any) => [a.attempt, a.status_code])).toEqual([
          [1, 500],
          [2, null],
          [3, 200],
          [4, 200],
        ])
        expect(
          (await failing(api.post("/admin/webhooks/deliveries/whdl_nope/redeliver", {}, admin())))
            .status
        ).toBe(404)
        await api.delete(`/admin/webhooks/${webhook.id}`, admin())
      })

      it("delivers in order per endpoint: later events wait for an earlier one being retried", async () => {
        receiver.behave("/ordered", (_req, nth) => (nth <= 2 ? 503 : 200))
        const { webhook } = await createEndpoint("/ordered", ["product.updated"])
        const ids: string[] = []
        for (let i = 0; i < 5; i++) {
          ids.push(
            (await api.post(`/admin/webhooks/${webhook.id}/send-test`, {}, admin())).data.message_id
          )
        }
        await receiver.waitFor(
          () => receiver.at("/ordered").filter((r) => r.answered === 200).length >= 5,
          30000,
          "five acknowledged"
        )
        const got = receiver.at("/ordered")
        expect(got.map((r) => r.headers["webhook-id"])).toEqual([ids[0], ids[0], ...ids])
        await api.delete(`/admin/webhooks/${webhook.id}`, admin())
      })

      it("disables an endpoint after N failures in a row, mails the admin, keeps its events", async () => {
        let up = false
        receiver.behave("/down", () => (up ? 200 : 500))
        const watcher = await createEndpoint("/watcher", ["endpoint.disabled"])
        const { webhook } = await createEndpoint("/down", ["product.updated"])
        const first = (await api.post(`/admin/webhooks/${webhook.id}/send-test`, {}, admin())).data
        const second = (await api.post(`/admin/webhooks/${webhook.id}/send-test`, {}, admin())).data

        const mail = await mailbox.waitFor("ops@shop.test", 1, 30000)
        expect(mail.text).toContain(webhook.id)
        expect(mail.text).toMatch(/disabled after 3 failed deliveries/)
        const read = await api.get(`/admin/webhooks/${webhook.id}`, admin())
        expect(read.data.webhook).toMatchObject({ enabled: false, consecutive_failures: 3 })
        expect(read.data.webhook.disabled_reason).toMatch(/HTTP 500/)
        expect(receiver.at("/down")).toHaveLength(3)
        // The endpoint.disabled webhook reaches the endpoint watching for it.
        const notice = await receiver.waitFor(() => receiver.at("/watcher")[0])
        expect(verifyWebhook(watcher.secret, notice)).toMatchObject({
          type: "endpoint.disabled",
          data: { id: webhook.id, url: receiver.url("/down"), consecutive_failures: 3 },
        })
        // Nothing is sent while disabled.
        await new Promise((r) => setTimeout(r, 1000))
        expect(receiver.at("/down")).toHaveLength(3)

        // Fixed and enabled again: the queued events arrive, in order.
        up = true
        const enabled = await api.post(`/admin/webhooks/${webhook.id}`, { enabled: true }, admin())
        expect(enabled.data.webhook).toMatchObject({ enabled: true, consecutive_failures: 0 })
        await receiver.waitFor(
          () => receiver.at("/down").filter((r) => r.answered === 200).length >= 2
        )
        const ok = receiver.at("/down").filter((r) => r.answered === 200)
        expect(ok.map((r) => r.headers["webhook-id"])).toEqual([
          first.message_id,
          second.message_id,
        ])
        await api.delete(`/admin/webhooks/${webhook.id}`, admin())
        await api.delete(`/admin/webhooks/${watcher.webhook.id}`, admin())
      })

      it("signs with old and new secret during a rotation window", async () => {
        const { webhook, secret: oldSecret } = await createEndpoint("/rotate", ["product.created"])
        const rotated = await api.post(
          `/admin/webhooks/${webhook.id}/rotate-secret`,
          { window_hours: 1 },
          admin()
        )
        const newSecret = rotated.data.secret
        expect(newSecret).toMatch(/^whsec_/)
        expect(newSecret).not.toBe(oldSecret)
        expect(Date.parse(rotated.data.webhook.secret_rotation_expires_at)).toBeGreaterThan(
          Date.now()
        )
        await api.post(`/admin/webhooks/${webhook.id}/send-test`, {}, admin())
        const got = await receiver.waitFor(() => receiver.at("/rotate")[0])
        expect(got.headers["webhook-signature"].split(" ")).toHaveLength(2)
        expect(verifyWebhook(oldSecret, got)).toMatchObject({ type: "webhook.test" })
        expect(verifyWebhook(newSecret, got)).toMatchObject({ type: "webhook.test" })

        // Window 0: the old secret stops signing at once.
        const again = await api.post(
          `/admin/webhooks/${webhook.id}/rotate-secret`,
          { window_hours: 0 },
          admin()
        )
        expect(again.data.webhook.secret_rotation_expires_at).toBeNull()
        await api.post(`/admin/webhooks/${webhook.id}/send-test`, {}, admin())
        const next = await receiver.waitFor(() => receiver.at("/rotate")[1])
        expect(verifyWebhook(again.data.secret, next)).toMatchObject({ type: "webhook.test" })
        expect(() => verifyWebhook(newSecret, next)).toThrow()
        expect(
          (
            await failing(
              api.post(`/admin/webhooks/${webhook.id}/rotate-secret`, { window_hours: -1 }, admin())
            )
          ).status
        ).toBe(400)
        await api.delete(`/admin/webhooks/${webhook.id}`, admin())
      })

      it("sends product, customer and review events with their documented payloads", async () => {
        const { secret } = await createEndpoint("/catalog", [
          "product.created",
          "product.updated",
          "product.deleted",
          "customer.created",
        ])
        const created = await api.post(
          "/admin/products",
          { title: "Webhook Mug", options: [{ title: "Size", values: ["One"] }] },
          admin()
        )
        const productId = created.data.product.id
        const received = (type: string) =>
          receiver.waitFor(
            () => receiver.at("/catalog").find((r) => r.json.type === type),
            30000,
            type
          )
        // Each event's payload is read when the worker handles it: wait before the next change.
        await received("product.created")
        await api.post(`/admin/products/${productId}`, { title: "Webhook Mug 2" }, admin())
        await received("product.updated")
        await api.delete(`/admin/products/${productId}`, admin())
        await api.post(
          "/admin/customers",
          { email: "hooked@example.com", first_name: "Hook" },
          admin()
        )
        await received("product.deleted")
        await received("customer.created")
        const byType = Object.fromEntries(
          receiver.at("/catalog").map((r) => [r.json.type, verifyWebhook(secret, r) as any])
        )
        expect(byType["product.created"].data).toMatchObject({
          id: productId,
          title: "Webhook Mug",
        })
        expect(byType["product.updated"].data).toMatchObject({
          id: productId,
          title: "Webhook Mug 2",
        })
        expect(byType["product.deleted"].data).toEqual({ id: productId })
        expect(byType["customer.created"].data).toMatchObject({
          email: "hooked@example.com",
          first_name: "Hook",
          has_account: false,
        })
      })

      it("sends inventory.low_stock once when an order takes stock to the threshold", async () => {
        const { secret } = await createEndpoint("/stock", ["inventory.low_stock"])
        const variant = (await findVariants(getContainer())).inStock[5]
        const inventory = getContainer().resolve(Modules.INVENTORY)
        const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
        const { data } = await query.graph({
          entity: "product_variant",
          fields: ["inventory_items.inventory_item_id"],
          filters: { id: variant.id },
        })
        const itemId = (data[0] as any).inventory_items[0].inventory_item_id
        const [level] = await inventory.listInventoryLevels({ inventory_item_id: itemId })
        // 7 available; the default threshold is 5: the first order of 2 crosses it, the second
        // (still low) does not fire again.
        await inventory.updateInventoryLevels([
          {
            inventory_item_id: itemId,
            location_id: level.location_id,
            stocked_quantity: Number(level.reserved_quantity) + 7,
          },
        ])
        for (const quantity of [1, 2, 1]) {
          const cart = await cartReadyToComplete(api, demo.storeHeaders, {
            regionId: demo.regions.eur,
            variantId: variant.id,
            quantity,
            email: "stock@example.com",
          })
          await api.post(`/store/carts/${cart.id}/complete`, {}, demo.storeHeaders)
          // The check reads the level when the worker handles the reservation: one at a time.
          await new Promise((r) => setTimeout(r, 1500))
        }
        const got = await receiver.waitFor(() => receiver.at("/stock")[0], 30000, "low stock")
        await new Promise((r) => setTimeout(r, 2000))
        expect(receiver.at("/stock")).toHaveLength(1)
        expect(verifyWebhook(secret, got)).toMatchObject({
          type: "inventory.low_stock",
          data: {
            inventory_item_id: itemId,
            location_id: level.location_id,
            available_quantity: 4,
            threshold: 5,
          },
        })
      })

      it("exports delivery metrics and the queue gauges", async () => {
        const service = getContainer().resolve<WebhooksModuleService>(WEBHOOKS_MODULE)
        const stats = await service.queueStats()
        expect(stats).toEqual({ depth: expect.any(Number), oldest_age_seconds: expect.any(Number) })
        const { metrics } = await import("@commerce-api/plugin/lib/observability/metrics")
        const text = await metrics().registry.metrics()
        expect(text).toMatch(/commerce_webhook_deliveries_total\{result="succeeded"\} [1-9]/)
        expect(text).toMatch(/commerce_webhook_deliveries_total\{result="retrying"\} [1-9]/)
        expect(text).toContain("commerce_webhook_queue_depth")
        expect(text).toContain("commerce_webhook_oldest_pending_age_seconds")
      })
    })
  },
})
