import { randomBytes } from "crypto"
import { MedusaError, MedusaService } from "@medusajs/framework/utils"
import { Wishlist } from "./models/wishlist"
import { WishlistItem } from "./models/wishlist-item"

/** 32 random bytes: 256 bits, well above the 128 bits a guessable link must not have. */
export const SHARE_TOKEN_BYTES = 32

export function generateShareToken(): string {
  return randomBytes(SHARE_TOKEN_BYTES).toString("base64url")
}

class WishlistModuleService extends MedusaService({ Wishlist, WishlistItem }) {
  /**
   * Returns the customer's wishlist for a sales channel, creating it on first use.
   * Two racing callers both end up with the single row the unique index allows.
   */
  async getOrCreateWishlist(customerId: string, salesChannelId: string) {
    const selector = { customer_id: customerId, sales_channel_id: salesChannelId }
    const [existing] = await this.listWishlists(selector)
    if (existing) return { wishlist: existing, created: false }
    try {
      const wishlist = await this.createWishlists(selector)
      return { wishlist, created: true }
    } catch (err) {
      const [winner] = await this.listWishlists(selector)
      if (winner) return { wishlist: winner, created: false }
      throw err
    }
  }

  /** Adds a variant once; a second (or concurrent) add returns the existing item. */
  async addVariant(wishlistId: string, variantId: string) {
    const selector = { wishlist_id: wishlistId, variant_id: variantId }
    const [existing] = await this.listWishlistItems(selector)
    if (existing) return { item: existing, created: false }
    try {
      const item = await this.createWishlistItems({
        wishlist_id: wishlistId,
        variant_id: variantId,
      })
      return { item, created: true }
    } catch (err) {
      const [winner] = await this.listWishlistItems(selector)
      if (winner) return { item: winner, created: false }
      throw err
    }
  }

  /** Finds a wishlist by its share token; unknown or revoked tokens are "not found". */
  async retrieveByShareToken(token: string) {
    const [wishlist] = token ? await this.listWishlists({ share_token: token }) : []
    if (!wishlist) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, "Shared wishlist not found")
    }
    return wishlist
  }

  /** Removes every wishlist entry for variants that left the catalog. */
  async removeVariants(variantIds: string[]) {
    if (!variantIds.length) return []
    const items = await this.listWishlistItems({ variant_id: variantIds }, { select: ["id"] })
    if (items.length) await this.deleteWishlistItems(items.map((i) => i.id))
    return items.map((i) => i.id)
  }
}

export default WishlistModuleService
