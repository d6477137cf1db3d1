import { emailVerifiedBy } from "../sso"

describe("emailVerifiedBy", () => {
  it("trusts only the boolean email_verified: true from OIDC providers", () => {
    expect(emailVerifiedBy("oidc", { email_verified: true })).toBe(true)
    for (const value of [false, "true", 1, null, undefined]) {
      expect(emailVerifiedBy("oidc", { email_verified: value })).toBe(false)
    }
    expect(emailVerifiedBy("github", { email: "a@b.test" })).toBe(false)
  })

  it("counts Google identities as verified (Medusa's Google provider refuses unverified ones)", () => {
    expect(emailVerifiedBy("google", {})).toBe(true)
  })
})
