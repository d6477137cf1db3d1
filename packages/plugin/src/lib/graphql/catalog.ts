import { ContainerRegistrationKeys, QueryContext } from "@medusajs/framework/utils"
import type { GraphQLContext } from "./context"
import { invalid } from "./errors"
import type { CategoryRow, CollectionRow, ProductRow, VariantRow } from "./rows"
import { readSecurityLimits } from "../security/limits"
import { REVIEWS_MODULE } from "../../modules/reviews"
import type ReviewsModuleService from "../../modules/reviews/service"
import { presentPublicReviews } from "../../api/store/products/[id]/reviews/presenters"

const PRODUCT_FIELDS = [
  "id",
  "title",
  "subtitle",
  "description",
  "handle",
  "thumbnail",
  "collection.id",
  "collection.title",
  "collection.handle",
  "categories.id",
  "categories.name",
  "categories.handle",
  "categories.description",
  "categories.parent_category_id",
  "options.id",
  "options.title",
  "options.values.value",
  "variants.id",
  "variants.title",
  "variants.sku",
  "variants.manage_inventory",
  "variants.allow_backorder",
  "variants.options.value",
  "variants.options.option.title",
]

/** first/offset with REST's caps (STORE_MAX_LIMIT), refused with a 400 like `limit`. */
export function paging(first: number | null | undefined, offset: number | null | undefined) {
  const take = first ?? 20
  const skip = offset ?? 0
  const max = readSecurityLimits().maxLimit
  if (!Number.isInteger(take) || take < 0) throw invalid("first must be a non-negative integer")
  if (!Number.isInteger(skip) || skip < 0) throw invalid("offset must be a non-negative integer")
  if (take > max) throw invalid(`first must be at most ${max} (got ${take}); page with offset`)
  return { take, skip }
}

type PricingContext = {
  region_id: string
  currency_code: string
  customer?: { groups: { id: string }[] }
}

/** REST's setPricingContext: the region's currency and the caller's customer groups. */
async function pricingContext(ctx: GraphQLContext, regionId: string): Promise<PricingContext> {
  const query = ctx.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph(
    { entity: "region", fields: ["id", "currency_code"], filters: { id: regionId } },
    { cache: { enable: true } }
  )
  const region: { id: string; currency_code: string } | undefined = data[0]
  if (!region) {
    throw invalid(`Region with id ${regionId} not found when populating the pricing context`)
  }
  const context: PricingContext = { region_id: region.id, currency_code: region.currency_code }
  if (ctx.customerId) {
    const { data: groups } = await query.graph({
      entity: "customer_group",
      fields: ["id"],
      filters: { customers: { id: ctx.customerId } },
    })
    context.customer = { groups: groups.map((g: { id: string }) => ({ id: g.id })) }
  }
  return context
}

/** Products linked to the key's sales channels (REST's maybeApplyLinkFilter). */
async function productIdsInChannels(ctx: GraphQLContext): Promise<string[] | undefined> {
  if (!ctx.salesChannelIds.length) return undefined
  const query = ctx.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph(
    {
      entity: "product_sales_channel",
      fields: ["product_id"],
      filters: { sales_channel_id: ctx.salesChannelIds },
    },
    { cache: { enable: true } }
  )
  return data.map((row: { product_id: string }) => row.product_id)
}

type ProductFilter = {
  q?: string | null
  handle?: string | null
  categoryId?: string[] | null
  collectionId?: string[] | null
}

async function listProducts(
  ctx: GraphQLContext,
  args: { filter?: ProductFilter | null; regionId?: string | null },
  page: { take: number; skip: number }
) {
  const filter = args.filter ?? {}
  const filters: Record<string, unknown> = { status: "published" }
  const inChannels = await productIdsInChannels(ctx)
  if (inChannels) filters.id = inChannels
  if (filter.q) filters.q = filter.q
  if (filter.handle) filters.handle = filter.handle
  if (filter.categoryId?.length) filters.categories = { id: filter.categoryId }
  if (filter.collectionId?.length) filters.collection_id = filter.collectionId
  const fields = [...PRODUCT_FIELDS]
  const context: Record<string, unknown> = {}
  if (args.regionId) {
    fields.push("variants.calculated_price.*")
    context.variants = {
      calculated_price: QueryContext({ ...(await pricingContext(ctx, args.regionId)) }),
    }
  }
  const query = ctx.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data, metadata } = await query.graph(
    { entity: "product", fields, filters, pagination: page, context },
    { cache: { enable: true } }
  )
  return { rows: data as ProductRow[], count: metadata?.count ?? data.length }
}

const category = (c: CategoryRow) => ({
  id: c.id,
  name: c.name,
  handle: c.handle,
  description: c.description ?? null,
  parentId: c.parent_category_id ?? null,
})

const collection = (c: CollectionRow | null | undefined) =>
  c ? { id: c.id, title: c.title, handle: c.handle } : null

function variant(v: VariantRow) {
  const price = v.calculated_price
  return {
    id: v.id,
    title: v.title ?? null,
    sku: v.sku ?? null,
    manageInventory: !!v.manage_inventory,
    allowBackorder: !!v.allow_backorder,
    options: (v.options ?? []).map((o) => ({ option: o.option?.title ?? null, value: o.value })),
    price:
      price && price.calculated_amount != null
        ? {
            amount: Number(price.calculated_amount),
            originalAmount: price.original_amount == null ? null : Number(price.original_amount),
            currencyCode: String(price.currency_code ?? ""),
            priceListType: price.calculated_price?.price_list_type ?? null,
          }
        : null,
  }
}

export const product = (p: ProductRow) => ({
  id: p.id,
  title: p.title,
  subtitle: p.subtitle ?? null,
  description: p.description ?? null,
  handle: p.handle,
  thumbnail: p.thumbnail ?? null,
  collection: collection(p.collection),
  categories: (p.categories ?? []).map(category),
  options: (p.options ?? []).map((o) => ({
    id: o.id,
    title: o.title,
    values: (o.values ?? []).map((v) => v.value),
  })),
  variants: (p.variants ?? []).map(variant),
})

type VariantShape = ReturnType<typeof variant>
type ProductShape = ReturnType<typeof product>

export const catalogResolvers = {
  Query: {
    products: async (
      _: unknown,
      args: {
        first?: number | null
        offset?: number | null
        filter?: ProductFilter | null
        regionId?: string | null
      },
      ctx: GraphQLContext
    ) => {
      const page = paging(args.first, args.offset)
      const { rows, count } = await listProducts(ctx, args, page)
      return { count, offset: page.skip, limit: page.take, nodes: rows.map(product) }
    },
    product: async (
      _: unknown,
      args: { handle: string; regionId?: string | null },
      ctx: GraphQLContext
    ) => {
      const { rows } = await listProducts(
        ctx,
        { filter: { handle: args.handle }, regionId: args.regionId },
        { take: 1, skip: 0 }
      )
      return rows[0] ? product(rows[0]) : null
    },
    categories: async (
      _: unknown,
      args: {
        first?: number | null
        offset?: number | null
        handle?: string | null
        parentId?: string | null
      },
      ctx: GraphQLContext
    ) => {
      const page = paging(args.first, args.offset)
      // REST's /store/product-categories: active, public categories only.
      const filters: Record<string, unknown> = { is_active: true, is_internal: false }
      if (args.handle) filters.handle = args.handle
      if (args.parentId) filters.parent_category_id = args.parentId
      const query = ctx.scope.resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph(
        {
          entity: "product_category",
          fields: ["id", "name", "handle", "description", "parent_category_id"],
          filters,
          pagination: page,
        },
        { cache: { enable: true } }
      )
      return (data as CategoryRow[]).map(category)
    },
    collections: async (
      _: unknown,
      args: { first?: number | null; offset?: number | null; handle?: string | null },
      ctx: GraphQLContext
    ) => {
      const page = paging(args.first, args.offset)
      const query = ctx.scope.resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph(
        {
          entity: "product_collection",
          fields: ["id", "title", "handle"],
          filters: args.handle ? { handle: args.handle } : {},
          pagination: page,
        },
        { cache: { enable: true } }
      )
      return (data as CollectionRow[]).map(collection)
    },
    /** REST's GET /store/products/:id/reviews (newest first): approved reviews, public fields. */
    reviews: async (
      _: unknown,
      args: { productId: string; first?: number | null; offset?: number | null },
      ctx: GraphQLContext
    ) => {
      const page = paging(args.first, args.offset)
      const service = ctx.scope.resolve<ReviewsModuleService>(REVIEWS_MODULE)
      const [reviews, count] = await service.listAndCountReviews(
        { product_id: args.productId, status: "approved" },
        { ...page, order: { created_at: "DESC", id: "DESC" } }
      )
      const shown = await presentPublicReviews(ctx.scope, reviews)
      return {
        count,
        nodes: shown.map((r) => ({
          id: r.id,
          productId: r.product_id,
          rating: r.rating,
          title: r.title,
          body: r.body,
          authorName: r.author_name,
          verifiedPurchase: r.verified_purchase,
          helpfulCount: r.helpful_count,
          createdAt: new Date(r.created_at).toISOString(),
        })),
      }
    },
    regions: async (_: unknown, __: unknown, ctx: GraphQLContext) => {
      const query = ctx.scope.resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph(
        { entity: "region", fields: ["id", "name", "currency_code", "countries.iso_2"] },
        { cache: { enable: true } }
      )
      type RegionRow = {
        id: string
        name: string
        currency_code: string
        countries?: { iso_2: string }[] | null
      }
      return (data as RegionRow[]).map((r) => ({
        id: r.id,
        name: r.name,
        currencyCode: r.currency_code,
        countries: (r.countries ?? []).map((c) => c.iso_2),
      }))
    },
  },
  Product: {
    reviewSummary: async (p: ProductShape, _: unknown, ctx: GraphQLContext) => {
      const s = await ctx.loaders.reviewSummary.load(p.id)
      return {
        productId: s.product_id,
        average: s.count ? s.average : null,
        count: s.count,
        histogram: (["1", "2", "3", "4", "5"] as const).map((k) => s.histogram[k]),
      }
    },
  },
  Variant: {
    inventoryQuantity: async (v: VariantShape, _: unknown, ctx: GraphQLContext) =>
      v.manageInventory ? ctx.loaders.availability.load(v.id) : null,
    inStock: async (v: VariantShape, _: unknown, ctx: GraphQLContext) => {
      if (!v.manageInventory || v.allowBackorder) return true
      const units = await ctx.loaders.availability.load(v.id)
      return units == null || units > 0
    },
  },
}
