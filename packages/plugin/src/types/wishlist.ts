import type { InferTypeOf } from "@medusajs/framework/types"
import type { WishlistItem } from "../modules/wishlist/models/wishlist-item"
import type { Wishlist } from "../modules/wishlist/models/wishlist"
import type { addWishlistItemWorkflow } from "../workflows/wishlist/add-wishlist-item"
import type { createWishlistShareTokenWorkflow } from "../workflows/wishlist/create-wishlist-share-token"
import type { getOrCreateWishlistWorkflow } from "../workflows/wishlist/get-or-create-wishlist"
import type { moveWishlistItemToCartWorkflow } from "../workflows/wishlist/move-wishlist-item-to-cart"
import type { removeDeletedVariantsFromWishlistsWorkflow } from "../workflows/wishlist/remove-deleted-variants-from-wishlists"
import type { removeWishlistItemWorkflow } from "../workflows/wishlist/remove-wishlist-item"
import type { revokeWishlistShareTokenWorkflow } from "../workflows/wishlist/revoke-wishlist-share-token"
import type { HookInput, WorkflowOutput } from "./workflows"

export type WishlistDTO = InferTypeOf<typeof Wishlist>
export type WishlistItemDTO = InferTypeOf<typeof WishlistItem>
export type { WishlistItemView, WishlistView } from "../workflows/wishlist/helpers/present-wishlist"

export type { GetOrCreateWishlistInput } from "../workflows/wishlist/get-or-create-wishlist"
export type GetOrCreateWishlistOutput = WorkflowOutput<typeof getOrCreateWishlistWorkflow>

export type { AddWishlistItemInput } from "../workflows/wishlist/add-wishlist-item"
export type AddWishlistItemOutput = WorkflowOutput<typeof addWishlistItemWorkflow>
export type AddWishlistItemValidateHookInput = HookInput<typeof addWishlistItemWorkflow, "validate">
export type WishlistItemAddedHookInput = HookInput<
  typeof addWishlistItemWorkflow,
  "wishlistItemAdded"
>

export type { RemoveWishlistItemInput } from "../workflows/wishlist/remove-wishlist-item"
export type RemoveWishlistItemOutput = WorkflowOutput<typeof removeWishlistItemWorkflow>
export type WishlistItemRemovedHookInput = HookInput<
  typeof removeWishlistItemWorkflow,
  "wishlistItemRemoved"
>

export type { MoveWishlistItemToCartInput } from "../workflows/wishlist/move-wishlist-item-to-cart"
export type MoveWishlistItemToCartOutput = WorkflowOutput<typeof moveWishlistItemToCartWorkflow>

export type { CreateWishlistShareTokenInput } from "../workflows/wishlist/create-wishlist-share-token"
export type CreateWishlistShareTokenOutput = WorkflowOutput<typeof createWishlistShareTokenWorkflow>
export type { RevokeWishlistShareTokenInput } from "../workflows/wishlist/revoke-wishlist-share-token"
export type RevokeWishlistShareTokenOutput = WorkflowOutput<typeof revokeWishlistShareTokenWorkflow>

export type { RemoveDeletedVariantsFromWishlistsInput } from "../workflows/wishlist/remove-deleted-variants-from-wishlists"
export type RemoveDeletedVariantsFromWishlistsOutput = WorkflowOutput<
  typeof removeDeletedVariantsFromWishlistsWorkflow
>
