import { commonPasswords, passwordProblem } from "../password-policy"

describe("password policy", () => {
  it("ships the 10,000 most common passwords", () => {
    expect(commonPasswords().size).toBeGreaterThan(9900)
    expect(commonPasswords().has("password")).toBe(true)
  })

  it("accepts a long, uncommon password", () => {
    expect(passwordProblem("Correct-Horse-Battery-9", "sam@example.com")).toBeNull()
  })

  it("explains each rejection", () => {
    expect(passwordProblem(undefined)).toMatch(/required/)
    expect(passwordProblem("short")).toMatch(/at least 10/)
    expect(passwordProblem("qwertyuiop")).toMatch(/too common/)
    expect(passwordProblem("Sam.Shopper@Example.com", "sam.shopper@example.com")).toMatch(/e-mail/)
    expect(passwordProblem("samshopper1", "samshopper1@example.com")).toMatch(/e-mail/)
  })
})
