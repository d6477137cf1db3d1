import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import { WISHLIST_MODULE } from ".."
import WishlistModuleService, { generateShareToken } from "../service"

jest.setTimeout(60 * 1000)

moduleIntegrationTestRunner<WishlistModuleService>({
  moduleName: WISHLIST_MODULE,
  resolve: path.join(__dirname, ".."),
  // The real migration, so the partial unique indexes under test are the shipped ones.
  pathToMigrations: path.join(__dirname, "..", "migrations"),
  testSuite: ({ service }) => {
    describe("getOrCreateWishlist", () => {
      it("creates one wishlist per customer and sales channel and then returns it", async () => {
        const first = await service.getOrCreateWishlist("cus_a", "sc_1")
        const again = await service.getOrCreateWishlist("cus_a", "sc_1")
        const otherChannel = await service.getOrCreateWishlist("cus_a", "sc_2")
        expect(first.created).toBe(true)
        expect(again.created).toBe(false)
        expect(again.wishlist.id).toBe(first.wishlist.id)
        expect(otherChannel.wishlist.id).not.toBe(first.wishlist.id)
        expect(await service.listWishlists({ customer_id: "cus_a" })).toHaveLength(2)
      })

      it("yields a single wishlist when many callers race", async () => {
        const results = await Promise.all(
          Array.from({ length: 8 }, () => service.getOrCreateWishlist("cus_race", "sc_1"))
        )
        expect(new Set(results.map((r) => r.wishlist.id)).size).toBe(1)
        expect(results.filter((r) => r.created)).toHaveLength(1)
        expect(await service.listWishlists({ customer_id: "cus_race" })).toHaveLength(1)
      })

      it("refuses a second wishlist for the same customer and channel at the database", async () => {
        await service.createWishlists({ customer_id: "cus_b", sales_channel_id: "sc_1" })
        await expect(
          service.createWishlists({ customer_id: "cus_b", sales_channel_id: "sc_1" })
        ).rejects.toThrow(/already exists/)
      })
    })

    describe("addVariant", () => {
      it("is idempotent, also under concurrency", async () => {
        const { wishlist } = await service.getOrCreateWishlist("cus_c", "sc_1")
        const results = await Promise.all(
          Array.from({ length: 10 }, () => service.addVariant(wishlist.id, "variant_1"))
        )
        expect(new Set(results.map((r) => r.item.id)).size).toBe(1)
        expect(results.filter((r) => r.created)).toHaveLength(1)
        const again = await service.addVariant(wishlist.id, "variant_1")
        expect(again).toMatchObject({ created: false, item: { id: results[0].item.id } })
        expect(await service.listWishlistItems({ wishlist_id: wishlist.id })).toHaveLength(1)
      })

      it("can re-add a variant after it was (soft) removed", async () => {
        const { wishlist } = await service.getOrCreateWishlist("cus_d", "sc_1")
        const { item } = await service.addVariant(wishlist.id, "variant_1")
        await service.softDeleteWishlistItems(item.id)
        const re = await service.addVariant(wishlist.id, "variant_1")
        expect(re.created).toBe(true)
        expect(re.item.id).not.toBe(item.id)
      })
    })

    describe("share tokens", () => {
      it("finds a wishlist by token and not by an unknown or cleared one", async () => {
        const { wishlist } = await service.getOrCreateWishlist("cus_e", "sc_1")
        await service.updateWishlists({ id: wishlist.id, share_token: "tok_123" })
        expect((await service.retrieveByShareToken("tok_123")).id).toBe(wishlist.id)
        await expect(service.retrieveByShareToken("nope")).rejects.toThrow(/not found/)
        await expect(service.retrieveByShareToken("")).rejects.toThrow(/not found/)
        await service.updateWishlists({ id: wishlist.id, share_token: null })
        await expect(service.retrieveByShareToken("tok_123")).rejects.toThrow(/not found/)
      })

      it("keeps tokens unique", async () => {
        const a = await service.getOrCreateWishlist("cus_f", "sc_1")
        const b = await service.getOrCreateWishlist("cus_g", "sc_1")
        await service.updateWishlists({ id: a.wishlist.id, share_token: "same" })
        await expect(
          service.updateWishlists({ id: b.wishlist.id, share_token: "same" })
        ).rejects.toThrow(/already exists/)
      })

      it("generates url-safe tokens of at least 128 bits that do not repeat", () => {
        const tokens = new Set(Array.from({ length: 1000 }, () => generateShareToken()))
        expect(tokens.size).toBe(1000)
        for (const t of tokens) {
          expect(t).toMatch(/^[A-Za-z0-9_-]+$/)
          expect(Buffer.from(t, "base64url").length * 8).toBeGreaterThanOrEqual(128)
        }
      })
    })

    describe("removeVariants", () => {
      it("removes the variants from every wishlist and nothing else", async () => {
        const a = await service.getOrCreateWishlist("cus_h", "sc_1")
        const b = await service.getOrCreateWishlist("cus_i", "sc_1")
        await service.addVariant(a.wishlist.id, "variant_gone")
        await service.addVariant(a.wishlist.id, "variant_kept")
        await service.addVariant(b.wishlist.id, "variant_gone")
        const removed = await service.removeVariants(["variant_gone"])
        expect(removed).toHaveLength(2)
        const left = await service.listWishlistItems({
          wishlist_id: [a.wishlist.id, b.wishlist.id],
        })
        expect(left.map((i) => i.variant_id)).toEqual(["variant_kept"])
        expect(await service.removeVariants([])).toEqual([])
      })
    })
  },
})
