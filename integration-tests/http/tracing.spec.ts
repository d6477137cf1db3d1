import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { execFileSync } from "node:child_process"
import { type Demo, findVariants, seedForTests, cartReadyToComplete } from "../helpers/fixtures"
import { OtlpReceiver } from "../helpers/otlp-receiver"
import fs from "node:fs"
import path from "node:path"
import {
  flushTracing,
  registerTracing,
  shutdownTracing,
} from "@commerce-api/plugin/lib/observability/tracing"

jest.setTimeout(180 * 1000)

// medusaIntegrationTestRunner boots the app in-process and does not load
// instrumentation.ts (only `medusa start`/`develop` do), so tracing is
// registered here, before the app boots, through the same function
// instrumentation.ts calls. The exporter's endpoint is fixed at registration,
// so the receiver's port is chosen now and the receiver listens on it in beforeAll.
const receiver = new OtlpReceiver()
const port = Number(
  execFileSync(process.execPath, [
    "-e",
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
  ]).toString()
)
registerTracing({
  OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
  OTEL_BSP_SCHEDULE_DELAY: "200",
})

/** Samples for the operator docs, in the git-ignored test-artifacts/ folder. */
function writeArtifact(name: string, text: string) {
  const dir = path.resolve(__dirname, "../../test-artifacts")
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, name), text)
}

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let demo: Demo
    let variants: Awaited<ReturnType<typeof findVariants>>

    beforeAll(async () => {
      await receiver.start(port)
      demo = await seedForTests(getContainer())
      variants = await findVariants(getContainer())
    })

    afterAll(async () => {
      await shutdownTracing()
      await receiver.stop()
    })

    it("exports a checkout's route, middleware, workflow, step and query spans over OTLP/HTTP", async () => {
      const headers = demo.storeHeaders
      const cart = await cartReadyToComplete(api, headers, {
        regionId: demo.regions.eur,
        variantId: variants.inStock[0].id,
        email: "trace.buyer@example.com",
      })
      const done = await api.post(
        `/store/carts/${cart.id}/complete`,
        {},
        {
          headers: {
            ...headers.headers,
            "x-request-id": "trace-checkout-1",
            authorization: "Bearer should-not-leak",
          },
        }
      )
      expect(done.data.type).toBe("order")
      await flushTracing()

      const routeSpan = "route handler: /store/carts/:id/complete"
      await receiver.waitFor(
        (spans) =>
          spans.some((s) => s.name === routeSpan) &&
          spans.some((s) => s.name === "workflow:complete-cart")
      )
      expect(receiver.contentTypes[0]).toMatch(/application\/json/)
      const handler = receiver.spans.find((s) => s.name === routeSpan)!
      const inTrace = receiver.spans.filter((s) => s.traceId === handler.traceId)
      const names = new Set(inTrace.map((s) => s.name))
      // the workflow and its steps are children of the route handler span
      expect(names.has("workflow:complete-cart")).toBe(true)
      expect([...names].some((n) => n.startsWith("step:authorize-payment-session-step"))).toBe(true)
      expect([...names].some((n) => n.startsWith("step:"))).toBe(true)
      expect(
        [...names].some((n) => n.startsWith("query.graph:") || n.startsWith("remoteQuery:"))
      ).toBe(true)
      expect(inTrace.some((s) => s.name.startsWith("middleware:"))).toBe(true)
      // Database (pg) spans need the pg module patched at require time, which
      // jest's module registry bypasses; shutdown.spec.ts checks them against
      // a real `medusa start` process.
      writeArtifact(
        "checkout-trace.txt",
        inTrace.map((s) => `${s.spanId} <- ${s.parentSpanId ?? "root"}  ${s.name}`).join("\n")
      )
      // no secret headers reach the tracing backend
      const allAttributes = JSON.stringify(receiver.spans.map((s) => s.attributes))
      expect(allAttributes).not.toContain("should-not-leak")
      expect(allAttributes).not.toContain("trace.buyer@example.com")
    })
  },
})
