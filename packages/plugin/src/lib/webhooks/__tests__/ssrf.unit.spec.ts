import http from "node:http"
import type { AddressInfo } from "node:net"
import { retryDelayMs, headerAllowed, webhookConfig } from "../config"
import { postWebhook } from "../deliver"
import { assertTargetAllowed, guardedLookup, isBlockedAddress } from "../ssrf"

const prod = (env: Record<string, string> = {}) => webhookConfig({ NODE_ENV: "production", ...env })

/** A resolver that answers every name with the given addresses (a rebinding attacker's DNS). */
const resolvesTo =
  (...addresses: string[]) =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }))

describe("webhook SSRF guard", () => {
  it("classifies loopback, private, link-local, metadata and mapped addresses as blocked", () => {
    for (const a of [
      "127.0.0.1",
      "127.1.2.3",
      "10.0.0.5",
      "172.16.3.4",
      "192.168.1.1",
      "169.254.169.254",
      "100.100.100.200",
      "0.0.0.0",
      "::1",
      "::",
      "fe80::1",
      "fd00:ec2::254",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "::ffff:a9fe:a9fe",
      "224.0.0.1",
    ]) {
      expect([a, isBlockedAddress(a)]).toEqual([a, true])
    }
    for (const a of ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) {
      expect([a, isBlockedAddress(a)]).toEqual([a, false])
    }
  })

  it("refuses private targets in production, by literal and by a name resolving to them", async () => {
    const config = prod()
    await expect(assertTargetAllowed("https://127.0.0.1/hook", config)).rejects.toThrow(
      /127\.0\.0\.1/
    )
    await expect(assertTargetAllowed("https://[::1]/hook", config)).rejects.toThrow(/loopback/)
    await expect(
      assertTargetAllowed("https://metadata.example/latest", config, resolvesTo("169.254.169.254"))
    ).rejects.toThrow(/169\.254\.169\.254/)
    await expect(
      assertTargetAllowed("https://evil.example/", config, resolvesTo("8.8.8.8", "127.0.0.1"))
    ).rejects.toThrow(/127\.0\.0\.1/)
    await expect(
      assertTargetAllowed("https://shop-erp.example/", config, resolvesTo("93.184.215.14"))
    ).resolves.toBeUndefined()
  })

  it("requires https in production, refuses credentials and other schemes", async () => {
    const config = prod()
    const publicDns = resolvesTo("93.184.215.14")
    await expect(assertTargetAllowed("http://erp.example/", config, publicDns)).rejects.toThrow(
      /https/
    )
    await expect(
      assertTargetAllowed("https://u:p@erp.example/", config, publicDns)
    ).rejects.toThrow(/credentials/)
    await expect(assertTargetAllowed("ftp://erp.example/", config, publicDns)).rejects.toThrow(
      /https/
    )
    await expect(assertTargetAllowed("not a url", config, publicDns)).rejects.toThrow(/valid URL/)
  })

  it("lets the env allowlist name hosts, addresses and ranges", async () => {
    const config = prod({ WEBHOOKS_ALLOWED_TARGETS: "erp.internal, 10.1.0.0/16, 127.0.0.1" })
    await expect(
      assertTargetAllowed("http://erp.internal/hook", config, resolvesTo("10.9.9.9"))
    ).resolves.toBeUndefined()
    await expect(
      assertTargetAllowed("https://other.internal/", config, resolvesTo("10.1.2.3"))
    ).resolves.toBeUndefined()
    await expect(
      assertTargetAllowed("https://other.internal/", config, resolvesTo("10.2.2.3"))
    ).rejects.toThrow(/10\.2\.2\.3/)
    await expect(assertTargetAllowed("http://127.0.0.1:9/x", config)).resolves.toBeUndefined()
  })

  it("allows everything outside production unless WEBHOOKS_SSRF_GUARD=on", async () => {
    const dev = webhookConfig({ NODE_ENV: "development" })
    await expect(
      assertTargetAllowed("http://127.0.0.1/x", dev, undefined, {})
    ).resolves.toBeUndefined()
    await expect(
      assertTargetAllowed("http://127.0.0.1/x", dev, undefined, { WEBHOOKS_SSRF_GUARD: "on" })
    ).rejects.toThrow(/127\.0\.0\.1/)
  })

  it("re-checks at connect time: a name that rebinds to 127.0.0.1 never gets a connection", async () => {
    let hits = 0
    const server = http.createServer((_req, res) => {
      hits++
      res.end("ok")
    })
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
    const port = (server.address() as AddressInfo).port
    try {
      const config = prod()
      // The lookup the HTTP client uses: refuses the address at connect time.
      const lookup = guardedLookup(config, resolvesTo("127.0.0.1"), { NODE_ENV: "production" })
      const error = await new Promise<Error | null>((resolve) => {
        const req = http.request(
          { host: "rebind.example", port, path: "/", lookup, agent: false },
          () => resolve(null)
        )
        req.on("error", resolve)
        req.end()
      })
      expect(error?.message).toMatch(/127\.0\.0\.1/)
      // And postWebhook refuses an IP literal (Node skips lookup for those).
      const result = await postWebhook(`https://127.0.0.1:${port}/`, "{}", {}, config)
      expect(result).toMatchObject({ ok: false, status_code: null })
      expect(result.error).toMatch(/127\.0\.0\.1/)
      expect(hits).toBe(0)
      // With the allowlist, the same target is reached.
      const allowed = prod({ WEBHOOKS_ALLOWED_TARGETS: "127.0.0.1" })
      const ok = await postWebhook(`http://127.0.0.1:${port}/`, "{}", {}, allowed)
      expect(ok).toMatchObject({ ok: true, status_code: 200, response_body: "ok" })
      expect(hits).toBe(1)
    } finally {
      server.close()
    }
  })

  it("does not follow redirects and truncates response bodies", async () => {
    let redirected = 0
    const server = http.createServer((req, res) => {
      if (req.url === "/target") {
        redirected++
        return res.end("moved here")
      }
      if (req.url === "/big") return res.end("x".repeat(100_000))
      res.writeHead(302, { location: "/target" }).end()
    })
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const config = webhookConfig({ WEBHOOKS_RESPONSE_BODY_LIMIT: "64" })
      const redirect = await postWebhook(`${base}/`, "{}", {}, config)
      expect(redirect).toMatchObject({ ok: false, status_code: 302 })
      expect(redirect.error).toMatch(/Redirect/)
      expect(redirected).toBe(0)
      const big = await postWebhook(`${base}/big`, "{}", {}, config)
      expect(big.ok).toBe(true)
      expect(big.response_body).toHaveLength(64)
    } finally {
      server.close()
    }
  })
})

describe("webhook retry schedule and headers", () => {
  it("backs off exponentially to about 24 h over the default 10 attempts, with ±20% jitter", () => {
    const config = webhookConfig({})
    const mid = Array.from({ length: 9 }, (_, i) => retryDelayMs(i + 1, config, () => 0.5))
    expect(mid).toEqual([
      5000, 20000, 80000, 320000, 1280000, 5120000, 20480000, 28800000, 28800000,
    ])
    const total = mid.reduce((a, b) => a + b, 0) / 3600000
    expect(total).toBeGreaterThan(22)
    expect(total).toBeLessThan(26)
    expect(retryDelayMs(1, config, () => 0)).toBe(4000)
    expect(retryDelayMs(1, config, () => 1)).toBe(6000)
  })

  it("allows only allowlisted custom headers, never our own", () => {
    const config = webhookConfig({})
    expect(headerAllowed("Authorization", config)).toBe(true)
    expect(headerAllowed("X-Shop-Token", config)).toBe(true)
    for (const h of [
      "host",
      "webhook-id",
      "Webhook-Signature",
      "content-type",
      "x-forwarded-for",
      "cookie",
    ]) {
      expect([h, headerAllowed(h, config)]).toEqual([h, false])
    }
  })
})
