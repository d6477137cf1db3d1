import { MedusaError } from "@medusajs/framework/utils"
import { isStockSensitive } from "../../cache/key"
import { clientErrorFor } from "../error-handler"
import { checkRequestTarget, readRequestTargetLimits } from "../request-target"

const limits = readRequestTargetLimits({})
const check = (url: string) => checkRequestTarget(url, limits)

describe("request target check", () => {
  it("has documented defaults and refuses bad settings", () => {
    expect(limits).toEqual({ maxPathBytes: 2048, maxQueryBytes: 8192, maxValueBytes: 2048 })
    expect(readRequestTargetLimits({ MAX_QUERY_VALUE_BYTES: "100" }).maxValueBytes).toBe(100)
    expect(() => readRequestTargetLimits({ MAX_PATH_BYTES: "0" })).toThrow(/MAX_PATH_BYTES/)
  })

  it("accepts well-formed targets, including encoded UTF-8 and a literal U+FFFD", () => {
    for (const url of [
      "/store/products",
      "/store/products?limit=10&offset=0&fields=*variants,%2Bmetadata",
      "/store/products?q=caf%C3%A9+cr%C3%A8me&handle[]=a&handle[]=b",
      "/store/products/prod_01%F0%9F%98%80",
      "/store/products?q=%EF%BF%BD",
      "/store/products?flag&=x&&",
      "/store/products?q=100%25",
      "/docs/",
    ]) {
      expect([url, check(url)]).toEqual([url, undefined])
    }
  })

  it("refuses malformed and non-UTF-8 escapes in any query parameter", () => {
    for (const query of [
      "q=%",
      "fields=%zz",
      "handle=%C0%AF", // overlong "/"
      "limit=%",
      "q=%E0%A4%A", // truncated sequence
      "q=%ED%A0%80", // UTF-16 surrogate
      "q=%F4%90%80%80", // above U+10FFFF
      "q=%FF",
      "limit=10&product_id[]=%80",
    ]) {
      expect(check(`/store/products?${query}`)).toMatch(/^Query parameter "\S+" is not valid/)
    }
    expect(check("/store/regions?%=1")).toMatch(/^A query parameter name is not valid/)
    expect(check("/store/regions?%3Cscript%3E%22=%")).toMatch(/^A query parameter is not valid/)
  })

  it("refuses malformed escapes and NUL in the path", () => {
    for (const path of [
      "/store/carts/%E0%A4%A",
      "/store/orders/%",
      "/store/pro%zzducts",
      "/a/%C0%AF",
    ]) {
      expect(check(path)).toBe("The request path is not valid percent-encoded UTF-8")
    }
    expect(check("/store/carts/%00")).toMatch(/NUL/)
    expect(check("/store/products?q=a%00b")).toMatch(/NUL/)
  })

  it("refuses oversized paths, query strings and values", () => {
    expect(check("/store/carts/" + "a".repeat(2048))).toMatch(/path is longer than 2048/)
    expect(check("/store/carts/" + "a".repeat(2000))).toBeUndefined()
    expect(check("/store/products?q=" + "a".repeat(2049))).toMatch(
      /^Query parameter "q" is longer than 2048/
    )
    // Decoded bytes count: 700 × "é" (2 bytes each) is over 1 KiB decoded.
    const small = readRequestTargetLimits({ MAX_QUERY_VALUE_BYTES: "1024" })
    expect(checkRequestTarget("/s?q=" + "%C3%A9".repeat(700), small)).toMatch(/longer than 1024/)
    const many = Array.from({ length: 500 }, (_, i) => `p${i}=${"v".repeat(20)}`).join("&")
    expect(check(`/store/products?${many}`)).toMatch(/query string is longer than 8192/)
  })
})

describe("fallbacks behind the guard", () => {
  it("maps Express's own param-decoding error to a 400", () => {
    const err = Object.assign(new URIError("Failed to decode param '%'"), { status: 400 })
    expect(clientErrorFor(err)?.type).toBe(MedusaError.Types.INVALID_DATA)
  })

  it("the catalog cache never throws on a malformed query", () => {
    expect(() => isStockSensitive("/store/products?q=%")).not.toThrow()
    expect(isStockSensitive("/store/products?fields=*variants.inventory_quantity")).toBe(true)
    expect(isStockSensitive("/store/products?fields=*variants")).toBe(false)
  })
})
