import { redactString, redactValue } from "../redact"
import { resolveRequestId } from "../request-context"
import { bearerMatches, metricsAccess } from "../metrics-access"
import { methodLabel, statusClass } from "../route-label"

describe("log redaction", () => {
  it("masks e-mails, card numbers, bearer tokens and JWTs in free text", () => {
    const out = redactString(
      "jane.doe@example.com paid with 4242 4242 4242 4242 using Authorization: Bearer abc.def-ghi and eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.sig_nature"
    )
    expect(out).toContain("j***@example.com")
    expect(out).not.toContain("jane.doe")
    expect(out).toContain("[REDACTED_CARD]")
    expect(out).not.toMatch(/4242/)
    expect(out).not.toContain("abc.def-ghi")
    expect(out).not.toContain("eyJhbGciOiJIUzI1")
  })

  it("blanks secret key/value pairs inside logged JSON and query strings", () => {
    const body = JSON.stringify({
      email: "a@b.io",
      password: "Sup3r-Secret",
      cookie: "connect.sid=s%3Asecret",
      refresh_token: "tok",
    })
    const out = redactString(body)
    expect(out).not.toMatch(/Sup3r-Secret|s%3Asecret|"tok"/)
    expect(out).toContain('"password":"[REDACTED]"')
    expect(redactString("/auth/reset?token=abc123&x=1")).toBe("/auth/reset?token=[REDACTED]&x=1")
    expect(redactString("password: hunter2 ok")).toBe("password: [REDACTED] ok")
  })

  it("keeps ids, timestamps and non-Luhn digit runs intact", () => {
    const text = "order 1732600000000 at 2026-11-26 05:36:13 id cart_01JABCDEF request_id=abc"
    expect(redactString(text)).toBe(text)
  })

  it("scrubs attacker-sized strings without quadratic backtracking (a fuzzed identifier blocked the loop)", () => {
    // A complexity guard, not a speed target: 50 kB takes a few ms when linear and ~20 s when
    // quadratic (measured). The call is synchronous, so Jest's timeout could not stop it.
    const run = "x".repeat(50_000)
    const started = Date.now()
    const plain = redactString(run)
    const mail = redactString(`${run}@b.co ${run}`)
    const pair = redactString(`email=${run} password=hunter2`)
    expect(Date.now() - started).toBeLessThan(2000)
    // (Lengths and ends are compared so a failure does not print 50 kB.)
    expect(plain.length).toBe(run.length)
    expect(mail.startsWith("x***@b.co x")).toBe(true)
    expect(mail.length).toBe(run.length + 10)
    expect(pair.endsWith(" password=[REDACTED]")).toBe(true)
  })

  it("drops secret fields from structured values, deeply", () => {
    const out = redactValue({
      user: { email: "bob@shop.example", password: "x", nested: [{ authorization: "Bearer y" }] },
      card_number: "4242424242424242",
      api_key: "k",
      headers: { cookie: "c", "x-request-id": "r1" },
    }) as any
    expect(out).toEqual({
      user: { email: "b***@shop.example", nested: [{}] },
      headers: { "x-request-id": "r1" },
    })
  })
})

describe("request ids", () => {
  it("accepts ≤128 chars of [A-Za-z0-9._-] and replaces anything else", () => {
    expect(resolveRequestId("abc-123_x.y")).toBe("abc-123_x.y")
    expect(resolveRequestId("a".repeat(128))).toBe("a".repeat(128))
    for (const bad of ["a".repeat(129), "has space", "<script>", "", undefined, 42]) {
      expect(resolveRequestId(bad)).toMatch(/^[0-9a-f-]{36}$/)
    }
  })
})

describe("metrics access", () => {
  it("is open in development/test, disabled in production, token-guarded when configured", () => {
    expect(metricsAccess({ NODE_ENV: "development" })).toBe("open")
    expect(metricsAccess({ NODE_ENV: "test" })).toBe("open")
    expect(metricsAccess({ NODE_ENV: "production" })).toBe("disabled")
    expect(metricsAccess({ NODE_ENV: "production", METRICS_TOKEN: "t" })).toBe("token")
    expect(bearerMatches("Bearer t0ken", "t0ken")).toBe(true)
    expect(bearerMatches("Bearer t0ken2", "t0ken")).toBe(false)
    expect(bearerMatches(undefined, "t0ken")).toBe(false)
  })

  it("keeps method and status labels to fixed sets", () => {
    expect(methodLabel("get")).toBe("GET")
    expect(methodLabel("BREW")).toBe("OTHER")
    expect(statusClass(204)).toBe("2xx")
    expect(statusClass(503)).toBe("5xx")
    expect(statusClass(999)).toBe("other")
  })
})
