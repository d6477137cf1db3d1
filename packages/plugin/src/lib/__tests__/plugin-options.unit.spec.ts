import pluginOptionsLoader from "../plugin-options-loader"
import { featureEnabled, getPluginOptions, parsePluginOptions } from "../plugin-options"

describe("plugin options", () => {
  it("turns every feature on when none is given (secure defaults)", () => {
    const options = parsePluginOptions(undefined)
    for (const feature of Object.values(options)) expect(feature.enabled).toBe(true)
    expect(options.reviews.autoApproveVerified).toBeUndefined()
  })

  it("switches one feature off and keeps the others on", () => {
    const options = parsePluginOptions({ wishlist: { enabled: false } })
    expect(options.wishlist.enabled).toBe(false)
    expect(options.reviews.enabled).toBe(true)
    expect(options.security.enabled).toBe(true)
  })

  it("rejects unknown features, unknown keys and wrong types, naming each", () => {
    expect(() =>
      parsePluginOptions({ reveiws: {}, audit: { enabled: "no" }, docs: { colour: 1 } })
    ).toThrow(
      /Invalid options for @commerce-api\/plugin:[\s\S]*reveiws[\s\S]*audit\.enabled[\s\S]*docs/
    )
  })

  it("the modules' loader validates what Medusa hands it and publishes it to the middlewares", async () => {
    await pluginOptionsLoader({
      options: { database: { clientUrl: "postgres://x" }, reviews: { enabled: false } },
    } as unknown as Parameters<typeof pluginOptionsLoader>[0])
    expect(featureEnabled("reviews")).toBe(false)
    expect(getPluginOptions().audit.enabled).toBe(true)
    await expect(
      pluginOptionsLoader({ options: { cache: true } } as unknown as Parameters<
        typeof pluginOptionsLoader
      >[0])
    ).rejects.toThrow(/cache/)
  })
})
