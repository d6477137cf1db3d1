import type { MedusaRequest } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { securityErrorHandler } from "@commerce-api/plugin/lib/security/error-handler"
import {
  checkAddressFields,
  checkFields,
  checkLimit,
  checkQuantities,
  expandedRelations,
  findServerOwnedFields,
  readSecurityLimits,
} from "@commerce-api/plugin/lib/security/limits"

function fakeResponse() {
  const res: any = { statusCode: 0, body: undefined }
  res.status = (code: number) => {
    res.statusCode = code
    return res
  }
  res.json = (body: unknown) => {
    res.body = body
    return res
  }
  return res
}

const logged: unknown[][] = []
// Only what the error handler reads of a request (method, path and the scope's logger).
const fakeRequest = () =>
  ({
    method: "POST",
    path: "/store/carts",
    scope: { resolve: () => ({ error: (...a: unknown[]) => logged.push(a), info: () => {} }) },
  }) as unknown as MedusaRequest

describe("security limits", () => {
  it("reads defaults and rejects nonsense configuration", () => {
    expect(readSecurityLimits({})).toMatchObject({
      maxLimit: 100,
      maxLineItemQuantity: 100,
      bodySizeLimit: "100kb",
    })
    expect(readSecurityLimits({ STORE_MAX_LIMIT: "50" }).maxLimit).toBe(50)
    expect(() => readSecurityLimits({ STORE_MAX_LIMIT: "-3" })).toThrow(/positive integer/)
  })

  it("caps limit, counts relations in fields, finds server-owned fields and big quantities", () => {
    expect(checkLimit("100", 100)).toBeUndefined()
    expect(checkLimit("100000", 100)).toMatch(/at most 100/)
    expect(checkLimit(["1", "101"], 100)).toMatch(/at most 100/)
    expect(checkLimit("abc", 100)).toBeUndefined() // left to Medusa's validator
    expect([...expandedRelations("*items,+items.variant.sku,-id,title,region.*")]).toEqual([
      "items",
      "items.variant",
      "region",
    ])
    expect(checkFields("*a,*b,*c", 2)).toMatch(/expands 3 relations; at most 2/)
    expect(checkFields("id,title", 0)).toBeUndefined()
    expect(
      findServerOwnedFields({
        unit_price: 1,
        items: [{ variant_id: "v", total: 0 }],
        shipping_address: { customer_id: "c" },
      })
    ).toEqual(["unit_price", "items[0].total", "shipping_address.customer_id"])
    expect(findServerOwnedFields({ email: "a@b.co", metadata: { unit_price: 1 } })).toEqual([])
    expect(checkQuantities({ quantity: 101 }, 100)).toMatch(/at most 100/)
    expect(checkQuantities({ items: [{ quantity: 5 }, { quantity: 500 }] }, 100)).toBeDefined()
    expect(checkQuantities({ quantity: "lots" }, 100)).toBeUndefined()
  })

  it("bounds every text field of a customer address, and only text fields", () => {
    expect(readSecurityLimits({}).maxAddressFieldLength).toBe(255)
    expect(readSecurityLimits({ STORE_MAX_ADDRESS_FIELD_LENGTH: "80" }).maxAddressFieldLength).toBe(
      80
    )
    expect(() => readSecurityLimits({ STORE_MAX_ADDRESS_FIELD_LENGTH: "0" })).toThrow(/positive/)
    expect(checkAddressFields({ city: "x".repeat(255), address_name: "Home" }, 255)).toBeUndefined()
    expect(checkAddressFields({ city: "x".repeat(256) }, 255)).toBe(
      "city must be at most 255 characters"
    )
    expect(checkAddressFields({ first_name: "ok", phone: "1".repeat(300) }, 255)).toMatch(/^phone/)
    expect(checkAddressFields({ address_name: "n".repeat(11) }, 10)).toMatch(/^address_name/)
    // Non-strings are the validator's business; metadata has its own byte cap.
    expect(checkAddressFields({ city: 5, metadata: { a: "x".repeat(999) } }, 10)).toBeUndefined()
    expect(checkAddressFields(null, 10)).toBeUndefined()
    expect(checkAddressFields(["x".repeat(99)], 10)).toBeUndefined()
  })
})

describe("security error handler", () => {
  it("hides internal errors in production behind a generic message and a logged reference", () => {
    const handler = securityErrorHandler({ production: true })
    const res = fakeResponse()
    const err = new Error("connect ECONNREFUSED 10.0.0.5:5432 password=hunter2")
    handler(err, fakeRequest(), res, () => {})
    expect(res.statusCode).toBe(500)
    expect(res.body).toEqual({
      code: "unknown_error",
      type: "unknown_error",
      message: expect.stringMatching(/^An internal error occurred\. Reference: [0-9a-f-]{36}$/),
    })
    expect(JSON.stringify(res.body)).not.toMatch(/ECONNREFUSED|hunter2|\n\s+at /)
    const reference = res.body.message.split(": ")[1]
    expect(String(logged.at(-1)?.[0])).toContain(reference)
    expect(logged.at(-1)?.[1]).toBe(err)

    // Medusa passes the message of these through; production must not.
    const unexpected = fakeResponse()
    handler(
      new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "relation cart_x does not exist"),
      fakeRequest(),
      unexpected,
      () => {}
    )
    expect(unexpected.statusCode).toBe(500)
    expect(unexpected.body.message).not.toContain("cart_x")
  })

  it("keeps client errors as they are and turns client-caused database errors into 400", () => {
    for (const production of [true, false]) {
      const handler = securityErrorHandler({ production })
      const notFound = fakeResponse()
      handler(
        new MedusaError(MedusaError.Types.NOT_FOUND, "Cart with id 'x' not found"),
        fakeRequest(),
        notFound,
        () => {}
      )
      expect(notFound.statusCode).toBe(404)
      expect(notFound.body.message).toBe("Cart with id 'x' not found")

      const badInput = fakeResponse()
      handler(
        new Error('invalid input syntax for type integer: "abc"'),
        fakeRequest(),
        badInput,
        () => {}
      )
      expect(badInput.statusCode).toBe(400)
      expect(badInput.body.message).toBe("Invalid value in request")
    }
    // Outside production a developer still sees Medusa's own answer for a 5xx.
    const dev = fakeResponse()
    securityErrorHandler({ production: false })(
      new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "visible in development"),
      fakeRequest(),
      dev,
      () => {}
    )
    expect(dev.statusCode).toBe(500)
    expect(dev.body.message).toBe("visible in development")
  })
})
