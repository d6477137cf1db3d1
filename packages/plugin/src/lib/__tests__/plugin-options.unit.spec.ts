import pluginOptionsLoader from "../plugin-options-loader"
import { featureEnabled, getPluginOptions, parsePluginOptions } from "../plugin-options"

describe("plugin options", () => {
  it("turns every feature on when none is given (secure defaults)", () => {
    const options = parsePluginOptions(undefined)
    for (const feature of Object.values(options)) expect(feature.enabled).toBe(true)
    expect(options.reviews.autoApproveVerified).toBeUndefined()
  })

  it("gives GraphQL its documented limits and refuses nonsense ones", () => {
    expect(parsePluginOptions({}).graphql.limits).toEqual({
      maxDepth: 10,
      maxCost: 20000,
      maxAliases: 15,
      maxDirectives: 20,
      maxTokens: 3000,
    })
    const tuned = parsePluginOptions({ graphql: { limits: { maxDepth: 6 } } })
    expect(tuned.graphql.limits).toMatchObject({ maxDepth: 6, maxAliases: 15 })
    expect(() => parsePluginOptions({ graphql: { limits: { maxDepth: 0 } } })).toThrow(
      /graphql\.limits\.maxDepth/
    )
    expect(() => parsePluginOptions({ graphql: { limits: { depth: 3 } } })).toThrow(/depth/)
  })

  it("switches one feature off and keeps the others on", () => {
    const options = parsePluginOptions({ wishlist: { enabled: false } })
    expect(options.wishlist.enabled).toBe(false)
    expect(options.reviews.enabled).toBe(true)
    expect(options.security.enabled).toBe(true)
  })

  it("rejects unknown features, unknown keys and wrong types, naming each", () => {
    let message = ""
    try {
      parsePluginOptions({ reveiws: {}, audit: { enabled: "no" }, docs: { colour: 1 } })
    } catch (e) {
      message = (e as Error).message
    }
    expect(message).toMatch(/^Invalid options for @commerce-api\/plugin:/)
    expect(message).toMatch(/- \(options\): Unrecognized key: "reveiws"/)
    expect(message).toMatch(/- audit\.enabled: .*expected boolean/)
    expect(message).toMatch(/- docs: Unrecognized key: "colour"/)
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
