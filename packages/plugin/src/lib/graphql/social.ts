import { MedusaError, Modules } from "@medusajs/framework/utils"
import type { GraphQLContext } from "./context"
import { invalid } from "./errors"
import { featureEnabled, type PluginFeature } from "../plugin-options"
import { WISHLIST_MODULE } from "../../modules/wishlist"
import type WishlistModuleService from "../../modules/wishlist/service"
import {
  presentWishlist,
  resolvePricingContext,
  type WishlistItemView,
} from "../../api/store/customers/me/wishlist/presenters"
import { MoveWishlistItemToCartBody } from "../../api/store/customers/me/wishlist/validators"
import { presentOwnReview } from "../../api/store/products/[id]/reviews/presenters"
import { StoreUpsertReview } from "../../api/store/reviews/validators"
import { wishlistSalesChannelId } from "../../api/middlewares/wishlist"
import { getOrCreateWishlistWorkflow } from "../../workflows/wishlist/get-or-create-wishlist"
import { addWishlistItemWorkflow } from "../../workflows/wishlist/add-wishlist-item"
import { removeWishlistItemWorkflow } from "../../workflows/wishlist/remove-wishlist-item"
import { moveWishlistItemToCartWorkflow } from "../../workflows/wishlist/move-wishlist-item-to-cart"
import { createWishlistShareTokenWorkflow } from "../../workflows/wishlist/create-wishlist-share-token"
import { revokeWishlistShareTokenWorkflow } from "../../workflows/wishlist/revoke-wishlist-share-token"
import { upsertReviewWorkflow } from "../../workflows/reviews/upsert-review"
import { deleteOwnReviewWorkflow } from "../../workflows/reviews/delete-own-review"
import { markReviewHelpfulWorkflow } from "../../workflows/reviews/mark-review-helpful"
import { assertCartAccess } from "../security/ownership"
import { cartById } from "./commerce"

type Ctx = GraphQLContext

/** A feature switched off in the plugin's options is a 404 here too, as its REST routes. */
function requireFeature(feature: PluginFeature) {
  if (!featureEnabled(feature)) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `${feature} is not enabled`)
  }
}

function requireCustomer(ctx: Ctx): string {
  if (!ctx.customerId) throw new MedusaError(MedusaError.Types.UNAUTHORIZED, "Unauthorized")
  return ctx.customerId
}

const item = (i: WishlistItemView) => ({
  id: i.id,
  variantId: i.variant_id,
  createdAt: new Date(i.created_at).toISOString(),
  variant: {
    id: i.variant.id,
    title: i.variant.title,
    sku: i.variant.sku,
    productId: i.variant.product.id,
    productTitle: i.variant.product.title,
    productHandle: i.variant.product.handle,
    thumbnail: i.variant.product.thumbnail,
    price:
      i.variant.calculated_price?.calculated_amount != null
        ? {
            amount: Number(i.variant.calculated_price.calculated_amount),
            originalAmount:
              i.variant.calculated_price.original_amount == null
                ? null
                : Number(i.variant.calculated_price.original_amount),
            currencyCode: String(i.variant.calculated_price.currency_code ?? ""),
            priceListType: null,
          }
        : null,
  },
})

type PricingArgs = { regionId?: string | null; cartId?: string | null }

async function pricing(ctx: Ctx, args: PricingArgs) {
  if (args.cartId) await assertCartAccess(ctx.scope, ctx.customerId, args.cartId, false)
  return resolvePricingContext(ctx.scope, {
    region_id: args.regionId ?? undefined,
    cart_id: args.cartId ?? undefined,
  })
}

export const socialResolvers = {
  Query: {
    /** REST's GET /store/customers/me/wishlist (created on first read, as there). */
    wishlist: async (_: unknown, args: PricingArgs, ctx: Ctx) => {
      requireFeature("wishlist")
      const customerId = requireCustomer(ctx)
      const salesChannelId = wishlistSalesChannelId(ctx.req)
      const prices = await pricing(ctx, args)
      const { result: wishlist } = await getOrCreateWishlistWorkflow(ctx.scope).run({
        input: { customer_id: customerId, sales_channel_id: salesChannelId },
      })
      const view = await presentWishlist(ctx.scope, wishlist, {
        pricing: prices,
        sales_channel_id: salesChannelId,
      })
      return { id: view.id, shareToken: wishlist.share_token ?? null, items: view.items.map(item) }
    },
    /** REST's GET /store/wishlists/shared/:token: the items and the owner's first name only. */
    sharedWishlist: async (
      _: unknown,
      args: { token: string; regionId?: string | null },
      ctx: Ctx
    ) => {
      requireFeature("wishlist")
      const salesChannelId = wishlistSalesChannelId(ctx.req)
      const service: WishlistModuleService = ctx.scope.resolve(WISHLIST_MODULE)
      const wishlist = await service.retrieveByShareToken(args.token)
      if (wishlist.sales_channel_id !== salesChannelId) {
        throw new MedusaError(MedusaError.Types.NOT_FOUND, "Shared wishlist not found")
      }
      const view = await presentWishlist(ctx.scope, wishlist, {
        pricing: await pricing(ctx, { regionId: args.regionId }),
        sales_channel_id: salesChannelId,
      })
      const [owner] = await ctx.scope
        .resolve(Modules.CUSTOMER)
        .listCustomers({ id: wishlist.customer_id }, { select: ["first_name"] })
      return { id: view.id, ownerFirstName: owner?.first_name ?? null, items: view.items.map(item) }
    },
  },
  Mutation: {
    wishlistItemAdd: async (_: unknown, args: { variantId: string }, ctx: Ctx) => {
      requireFeature("wishlist")
      const customerId = requireCustomer(ctx)
      const { result } = await addWishlistItemWorkflow(ctx.scope).run({
        input: {
          customer_id: customerId,
          sales_channel_id: wishlistSalesChannelId(ctx.req),
          variant_id: args.variantId,
        },
      })
      return {
        id: result.item.id,
        variantId: result.item.variant_id,
        created: result.created,
      }
    },
    wishlistItemRemove: async (_: unknown, args: { itemId: string }, ctx: Ctx) => {
      requireFeature("wishlist")
      const customerId = requireCustomer(ctx)
      const { result } = await removeWishlistItemWorkflow(ctx.scope).run({
        input: {
          item_id: args.itemId,
          customer_id: customerId,
          sales_channel_id: wishlistSalesChannelId(ctx.req),
        },
      })
      return result
    },
    wishlistItemMoveToCart: async (
      _: unknown,
      args: { itemId: string; cartId: string; quantity?: number | null },
      ctx: Ctx
    ) => {
      requireFeature("wishlist")
      const customerId = requireCustomer(ctx)
      const parsed = MoveWishlistItemToCartBody.safeParse({
        cart_id: args.cartId,
        ...(args.quantity != null ? { quantity: args.quantity } : {}),
      })
      if (!parsed.success) throw invalid(parsed.error.issues[0]?.message ?? "Invalid request")
      await moveWishlistItemToCartWorkflow(ctx.scope).run({
        input: {
          item_id: args.itemId,
          customer_id: customerId,
          sales_channel_id: wishlistSalesChannelId(ctx.req),
          cart_id: parsed.data.cart_id,
          quantity: parsed.data.quantity,
        },
      })
      return cartById(ctx, args.cartId)
    },
    /** REST's POST /store/customers/me/wishlist/share: the token, created when missing. */
    wishlistShare: async (_: unknown, __: unknown, ctx: Ctx) => {
      requireFeature("wishlist")
      const customerId = requireCustomer(ctx)
      const { result } = await createWishlistShareTokenWorkflow(ctx.scope).run({
        input: { customer_id: customerId, sales_channel_id: wishlistSalesChannelId(ctx.req) },
      })
      return result.share_token
    },
    /** REST's DELETE /store/customers/me/wishlist/share (idempotent). */
    wishlistShareRevoke: async (_: unknown, __: unknown, ctx: Ctx) => {
      requireFeature("wishlist")
      const customerId = requireCustomer(ctx)
      await revokeWishlistShareTokenWorkflow(ctx.scope).run({
        input: { customer_id: customerId, sales_channel_id: wishlistSalesChannelId(ctx.req) },
      })
      return true
    },
    reviewUpsert: async (
      _: unknown,
      args: { productId: string; input: { rating: number; title: string; body: string } },
      ctx: Ctx
    ) => {
      requireFeature("reviews")
      const customerId = requireCustomer(ctx)
      const parsed = StoreUpsertReview.safeParse(args.input)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        throw invalid(`Invalid request: ${issue?.path?.join(".")}: ${issue?.message}`)
      }
      const { result } = await upsertReviewWorkflow(ctx.scope).run({
        input: { ...parsed.data, product_id: args.productId, customer_id: customerId },
      })
      const r = presentOwnReview(result.review)
      return {
        id: r.id,
        productId: r.product_id,
        rating: r.rating,
        title: r.title,
        body: r.body,
        status: r.status,
        verifiedPurchase: r.verified_purchase,
        helpfulCount: r.helpful_count,
        created: result.created,
      }
    },
    reviewDelete: async (_: unknown, args: { productId: string }, ctx: Ctx) => {
      requireFeature("reviews")
      const customerId = requireCustomer(ctx)
      const { result } = await deleteOwnReviewWorkflow(ctx.scope).run({
        input: { product_id: args.productId, customer_id: customerId },
      })
      return result.id
    },
    reviewHelpful: async (_: unknown, args: { reviewId: string }, ctx: Ctx) => {
      requireFeature("reviews")
      const customerId = requireCustomer(ctx)
      const { result } = await markReviewHelpfulWorkflow(ctx.scope).run({
        input: { review_id: args.reviewId, customer_id: customerId },
      })
      return result.helpful_count
    },
  },
}
