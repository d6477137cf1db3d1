/**
 * /graphql runs Medusa's own publishable-key middleware, loaded by file path
 * (../publishable-key.ts). This fails when a Medusa upgrade moves it or changes how it
 * answers a missing key.
 */
import { medusaPublishableKeyMiddleware } from "../publishable-key"

describe("Medusa's publishable-key middleware", () => {
  it("is found and refuses a request without the header as NOT_ALLOWED", async () => {
    const fn = medusaPublishableKeyMiddleware()
    expect(fn.name).toBe("ensurePublishableApiKeyMiddleware")
    const req = { get: () => undefined }
    const err = await new Promise<unknown>((resolve) => {
      void fn(req as never, {} as never, resolve)
    })
    expect(err).toMatchObject({ type: "not_allowed" })
    expect(String((err as Error).message)).toMatch(/x-publishable-api-key/)
  })
})
