import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createCollectionsWorkflow,
  createInventoryLevelsWorkflow,
  createProductCategoriesWorkflow,
  createProductsWorkflow,
  createPromotionsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateRegionsWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"
import { buildCatalog, DEMO_CATEGORIES, DEMO_COLLECTIONS } from "./demo-catalog"
import { seedDemoReviews } from "./demo-reviews"
import { seedDemoWishlist } from "./demo-wishlist"

export const DEMO_SALES_CHANNEL = "Webshop"
export const DEMO_PROMOTION_CODE = "WELCOME10"
export const EUROPE_COUNTRIES = ["de", "fr", "nl", "es", "it", "dk", "se"]
export const NORTH_AMERICA_COUNTRIES = ["us", "ca"]

export type DemoSeedResult = {
  seeded: boolean
  publishableKey: string
  salesChannelId: string
  regions: Record<"eur" | "usd", string>
}

/**
 * Seeds the deterministic demo store. Idempotent: when the demo sales channel
 * already exists nothing is written and the existing identifiers are returned.
 * `coreOnly` seeds only what Medusa's own modules hold (no demo shopper,
 * wishlist or reviews): the bench seeds a vanilla Medusa app with it.
 */
export async function seedDemoStore(
  container: MedusaContainer,
  opts: { extraProducts?: number; coreOnly?: boolean } = {}
): Promise<DemoSeedResult> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const fulfillment = container.resolve(Modules.FULFILLMENT)
  const salesChannels = container.resolve(Modules.SALES_CHANNEL)
  const storeService = container.resolve(Modules.STORE)

  const existing = await salesChannels.listSalesChannels({
    name: DEMO_SALES_CHANNEL,
  })
  if (existing.length) {
    return { seeded: false, ...(await describeExisting(container, existing[0].id)) }
  }

  logger.info("Seeding demo store...")
  const [store] = await storeService.listStores()

  const {
    result: [channel],
  } = await createSalesChannelsWorkflow(container).run({
    input: {
      salesChannelsData: [{ name: DEMO_SALES_CHANNEL, description: "The demo storefront" }],
    },
  })

  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        name: "Commerce API Demo Store",
        supported_currencies: [
          { currency_code: "eur", is_default: true },
          { currency_code: "usd" },
        ],
        default_sales_channel_id: channel.id,
      },
    },
  })

  const paymentProviders = ["pp_system_default"]
  if (process.env.STRIPE_API_KEY) {
    paymentProviders.push("pp_stripe_stripe")
  }
  const { result: regions } = await createRegionsWorkflow(container).run({
    input: {
      regions: [
        {
          name: "Europe",
          currency_code: "eur",
          countries: EUROPE_COUNTRIES,
          payment_providers: paymentProviders,
        },
        {
          name: "North America",
          currency_code: "usd",
          countries: NORTH_AMERICA_COUNTRIES,
          payment_providers: paymentProviders,
        },
      ],
    },
  })
  const eur = regions.find((r) => r.currency_code === "eur")!
  const usd = regions.find((r) => r.currency_code === "usd")!

  await createTaxRegionsWorkflow(container).run({
    input: [...EUROPE_COUNTRIES, ...NORTH_AMERICA_COUNTRIES].map((country_code) => ({
      country_code,
      provider_id: "tp_system",
      default_tax_rate: {
        name: "Standard rate",
        code: `std-${country_code}`,
        rate: country_code === "us" || country_code === "ca" ? 0 : 20,
      },
    })),
  })

  const {
    result: [location],
  } = await createStockLocationsWorkflow(container).run({
    input: {
      locations: [
        {
          name: "Main Warehouse",
          address: {
            city: "Rotterdam",
            country_code: "NL",
            address_1: "Havenweg 1",
          },
        },
      ],
    },
  })
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: { default_location_id: location.id },
    },
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
    [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
  })

  const profiles = await fulfillment.listShippingProfiles({ type: "default" })
  let profile = profiles[0]
  if (!profile) {
    const { result } = await createShippingProfilesWorkflow(container).run({
      input: { data: [{ name: "Default Shipping Profile", type: "default" }] },
    })
    profile = result[0]
  }

  const fulfillmentSet = await fulfillment.createFulfillmentSets({
    name: "Main Warehouse delivery",
    type: "shipping",
    service_zones: [
      {
        name: "Europe",
        geo_zones: EUROPE_COUNTRIES.map((country_code) => ({
          country_code,
          type: "country" as const,
        })),
      },
      {
        name: "North America",
        geo_zones: NORTH_AMERICA_COUNTRIES.map((country_code) => ({
          country_code,
          type: "country" as const,
        })),
      },
    ],
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
    [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id },
  })

  const storeRules = [
    { attribute: "enabled_in_store", value: "true", operator: "eq" as const },
    { attribute: "is_return", value: "false", operator: "eq" as const },
  ]
  const shippingOptions = fulfillmentSet.service_zones.flatMap((zone) => {
    const region = zone.name === "Europe" ? eur : usd
    return [
      {
        name: `Standard Shipping (${zone.name})`,
        code: "standard",
        label: "Standard",
        description: "Delivered in 3-5 business days.",
        amount: 5,
      },
      {
        name: `Express Shipping (${zone.name})`,
        code: "express",
        label: "Express",
        description: "Delivered next business day.",
        amount: 15,
      },
    ].map((o) => ({
      name: o.name,
      price_type: "flat" as const,
      provider_id: "manual_manual",
      service_zone_id: zone.id,
      shipping_profile_id: profile.id,
      type: { label: o.label, description: o.description, code: o.code },
      prices: [
        { currency_code: region.currency_code, amount: o.amount },
        { region_id: region.id, amount: o.amount },
      ],
      rules: storeRules,
    }))
  })
  await createShippingOptionsWorkflow(container).run({ input: shippingOptions })

  await linkSalesChannelsToStockLocationWorkflow(container).run({
    input: { id: location.id, add: [channel.id] },
  })

  const {
    result: [apiKey],
  } = await createApiKeysWorkflow(container).run({
    input: {
      api_keys: [{ title: "Webshop", type: "publishable", created_by: "" }],
    },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({
    input: { id: apiKey.id, add: [channel.id] },
  })

  const { result: parents } = await createProductCategoriesWorkflow(container).run({
    input: {
      product_categories: DEMO_CATEGORIES.filter((c) => !c.parent).map((c) => ({
        name: c.name,
        handle: c.handle,
        is_active: true,
      })),
    },
  })
  const { result: children } = await createProductCategoriesWorkflow(container).run({
    input: {
      product_categories: DEMO_CATEGORIES.filter((c) => c.parent).map((c) => ({
        name: c.name,
        handle: c.handle,
        is_active: true,
        parent_category_id: parents.find((p) => p.handle === c.parent)!.id,
      })),
    },
  })
  const categoryIds = new Map([...parents, ...children].map((c) => [c.handle, c.id]))

  const { result: collections } = await createCollectionsWorkflow(container).run({
    input: {
      collections: DEMO_COLLECTIONS.map((c) => ({
        title: c.title,
        handle: c.handle,
      })),
    },
  })
  const collectionIds = new Map(collections.map((c) => [c.handle, c.id]))

  const catalog = buildCatalog(opts.extraProducts ?? 0)
  const stockBySku = new Map<string, number>()
  const batchSize = 50
  for (let i = 0; i < catalog.length; i += batchSize) {
    const batch = catalog.slice(i, i + batchSize)
    await createProductsWorkflow(container).run({
      input: {
        products: batch.map((p) => ({
          title: p.title,
          handle: p.handle,
          subtitle: p.subtitle,
          description: p.description,
          status: ProductStatus.PUBLISHED,
          weight: p.weight,
          material: p.material,
          shipping_profile_id: profile.id,
          category_ids: [categoryIds.get(p.category)!],
          collection_id: collectionIds.get(p.collection),
          sales_channels: [{ id: channel.id }],
          options: p.options,
          variants: p.variants.map((v) => {
            stockBySku.set(v.sku, v.stock)
            return {
              title: v.title,
              sku: v.sku,
              options: v.options,
              manage_inventory: true,
              prices: [
                { currency_code: "eur", amount: v.eur },
                { currency_code: "usd", amount: v.usd },
              ],
            }
          }),
        })),
      },
    })
  }

  const { data: items } = await query.graph({
    entity: "inventory_item",
    fields: ["id", "sku"],
    filters: { sku: [...stockBySku.keys()] },
  })
  await createInventoryLevelsWorkflow(container).run({
    input: {
      inventory_levels: items.map((item) => ({
        location_id: location.id,
        inventory_item_id: item.id,
        stocked_quantity: stockBySku.get(item.sku as string) ?? 0,
      })),
    },
  })

  await createPromotionsWorkflow(container).run({
    input: {
      promotionsData: [
        {
          code: DEMO_PROMOTION_CODE,
          type: "standard",
          status: "active",
          is_automatic: false,
          application_method: {
            type: "percentage",
            target_type: "order",
            allocation: "across",
            value: 10,
            currency_code: "eur",
          },
        },
      ],
    },
  })

  if (!opts.coreOnly) await seedDemoWishlist(container, channel.id)
  logger.info(`Demo store seeded: ${catalog.length} products, ${stockBySku.size} variants.`)
  if (!opts.coreOnly) await seedDemoReviews(container)
  return {
    seeded: true,
    publishableKey: apiKey.token,
    salesChannelId: channel.id,
    regions: { eur: eur.id, usd: usd.id },
  }
}

async function describeExisting(
  container: MedusaContainer,
  salesChannelId: string
): Promise<Omit<DemoSeedResult, "seeded">> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: keys } = await query.graph({
    entity: "api_key",
    fields: ["id", "token", "title"],
    filters: { type: "publishable", title: "Webshop" },
  })
  const regions = await container
    .resolve(Modules.REGION)
    .listRegions({ currency_code: { $in: ["eur", "usd"] } })
  return {
    publishableKey: keys[0]?.token,
    salesChannelId,
    regions: {
      eur: regions.find((r) => r.currency_code === "eur")!.id,
      usd: regions.find((r) => r.currency_code === "usd")!.id,
    },
  }
}

/**
 * Stripe set up after the demo was seeded: every region gets the Stripe provider
 * next to its existing ones, so turning on STRIPE_API_KEY needs no re-seed.
 */
export async function enableStripeInRegions(container: MedusaContainer): Promise<number> {
  if (!process.env.STRIPE_API_KEY) return 0
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: regions } = await query.graph({
    entity: "region",
    fields: ["id", "payment_providers.id"],
  })
  // Holds with and without the query types `medusa build` generates (.medusa/types).
  const rows: { id: string; payment_providers?: ({ id: string } | null)[] | null }[] = regions
  let updated = 0
  for (const region of rows) {
    const providers = (region.payment_providers ?? []).flatMap((p) => (p ? [p.id] : []))
    if (providers.includes("pp_stripe_stripe")) continue
    await updateRegionsWorkflow(container).run({
      input: {
        selector: { id: region.id },
        update: { payment_providers: [...providers, "pp_stripe_stripe"] },
      },
    })
    updated++
  }
  return updated
}
