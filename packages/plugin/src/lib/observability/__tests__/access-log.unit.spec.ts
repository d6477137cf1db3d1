import { accessLogEnabled, isSecretParam, redactUrl } from "../access-log"

describe("access log URL redaction", () => {
  it("hides credential parameters and keeps the rest of the request readable", () => {
    const out = redactUrl(
      "/store/verify?token=secret123&region_id=reg_1&share_token=s1&code=c1&state=st1" +
        "&password=pw1&api_key=k1&key=k2&client_secret=cs1&currency_code=eur&country_code=de"
    )
    for (const secret of ["secret123", "s1", "c1", "st1", "pw1", "k1", "k2", "cs1"]) {
      expect(out).not.toMatch(new RegExp(`=${secret}(&|$)`))
    }
    expect(out).toContain("token=[REDACTED]")
    expect(out).toContain("region_id=reg_1")
    expect(out).toContain("currency_code=eur")
    expect(out).toContain("country_code=de")
  })

  it("keeps the publishable key, hides percent-encoded names and shared-wishlist tokens", () => {
    expect(isSecretParam("publishable_key")).toBe(false)
    expect(isSecretParam("x-publishable-api-key")).toBe(false)
    expect(isSecretParam("fields")).toBe(false)
    expect(redactUrl("/x?%74oken=abc")).toBe("/x?%74oken=[REDACTED]")
    expect(redactUrl("/store/wishlists/shared/AbC_123-xyz?region_id=r")).toBe(
      "/store/wishlists/shared/[REDACTED]?region_id=r"
    )
    expect(redactUrl("https://shop.example/reset?email=jane.doe@example.com&token=t")).toBe(
      "https://shop.example/reset?email=j***@example.com&token=[REDACTED]"
    )
    expect(redactUrl("/bad?%E0%A4%A=1&token=t")).toBe("/bad?%E0%A4%A=1&token=[REDACTED]")
  })

  it("writes early-lane lines when Medusa writes its own, or as ACCESS_LOG says", () => {
    expect(accessLogEnabled({ NODE_ENV: "test" })).toBe(false)
    expect(accessLogEnabled({ NODE_ENV: "test", ACCESS_LOG: "on" })).toBe(true)
    expect(accessLogEnabled({ NODE_ENV: "production", ACCESS_LOG: "off" })).toBe(false)
  })
})
