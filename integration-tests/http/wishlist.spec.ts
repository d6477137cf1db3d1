import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import {
  type Demo,
  failing,
  findVariants,
  registerCustomer,
  seedForTests,
} from "../helpers/fixtures"
import { DEFAULT_DEMO_CUSTOMER_PASSWORD, DEMO_CUSTOMER_EMAIL } from "../../src/lib/demo-wishlist"
import { WISHLIST_MODULE } from "@commerce-api/plugin/modules/wishlist"
import type { WishlistModuleService } from "@commerce-api/plugin/modules/wishlist"

jest.setTimeout(120 * 1000)

const ME = "/store/customers/me/wishlist"

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10000) {
  const until = Date.now() + ms
  let last = await fn()
  while (!ok(last) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100))
    last = await fn()
  }
  return last
}

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let demo: Demo
    let variants: Awaited<ReturnType<typeof findVariants>>

    beforeAll(async () => {
      demo = await seedForTests(getContainer())
      variants = await findVariants(getContainer())
    })

    const store = () => demo.storeHeaders
    const shopper = (first_name = "Sam") => registerCustomer(api, store().headers, { first_name })
    const wishlists = (): WishlistModuleService => getContainer().resolve(WISHLIST_MODULE)
    const add = (headers: any, variant_id: string) =>
      api.post(`${ME}/items`, { variant_id }, headers)

    describe("authentication", () => {
      it("answers 401 on every customer route without a login", async () => {
        const calls = [
          () => api.get(ME, store()),
          () => api.post(`${ME}/items`, { variant_id: variants.inStock[0].id }, store()),
          () => api.delete(`${ME}/items/wli_123`, store()),
          () => api.post(`${ME}/items/wli_123/move-to-cart`, { cart_id: "cart_1" }, store()),
          () => api.post(`${ME}/share`, {}, store()),
          () => api.delete(`${ME}/share`, store()),
        ]
        for (const call of calls) expect((await failing(call())).status).toBe(401)
        const bogus = { headers: { ...store().headers, authorization: "Bearer not-a-jwt" } }
        expect((await failing(api.get(ME, bogus))).status).toBe(401)
      })

      it("answers 401 on the admin route without an admin and for a customer token", async () => {
        const a = await shopper()
        expect((await failing(api.get(`/admin/customers/${a.customer.id}/wishlist`))).status).toBe(
          401
        )
        const asCustomer = await failing(
          api.get(`/admin/customers/${a.customer.id}/wishlist`, {
            headers: { authorization: a.headers.headers.authorization },
          })
        )
        expect(asCustomer.status).toBe(401)
      })

      it("needs a publishable key", async () => {
        const a = await shopper()
        const res = await failing(
          api.get(ME, { headers: { authorization: a.headers.headers.authorization } })
        )
        expect(res.status).toBe(400)
        expect(res.data.message).toMatch(/publishable/i)
      })
    })

    describe("read, add and remove", () => {
      it("starts empty, adds idempotently and lists variant, product and prices", async () => {
        const a = await shopper()
        const empty = await api.get(ME, a.headers)
        expect(empty.data.wishlist).toMatchObject({
          items: [],
          share_token: null,
          sales_channel_id: demo.salesChannelId,
        })

        const v = variants.inStock[0]
        const first = await add(a.headers, v.id)
        expect(first.status).toBe(201)
        expect(first.data).toMatchObject({ created: true, wishlist_item: { variant_id: v.id } })
        const second = await add(a.headers, v.id)
        expect(second.status).toBe(200)
        expect(second.data.created).toBe(false)
        expect(second.data.wishlist_item.id).toBe(first.data.wishlist_item.id)

        const noPrices = await api.get(ME, a.headers)
        expect(noPrices.data.wishlist.id).toBe(empty.data.wishlist.id)
        expect(noPrices.data.wishlist.items).toHaveLength(1)
        const item = noPrices.data.wishlist.items[0]
        expect(item.variant.product.id).toBe(v.product_id)
        expect(item.variant.product.title).toEqual(expect.any(String))
        expect(item.variant.product.handle).toEqual(expect.any(String))
        expect(item.variant.calculated_price).toBeNull()

        const eur = await api.get(`${ME}?region_id=${demo.regions.eur}`, a.headers)
        const eurPrice = eur.data.wishlist.items[0].variant.calculated_price
        expect(eurPrice.currency_code).toBe("eur")
        expect(eurPrice.calculated_amount).toBeGreaterThan(0)

        // The cart's region wins: a usd cart prices in usd.
        const cart = await api.post("/store/carts", { region_id: demo.regions.usd }, a.headers)
        const usd = await api.get(`${ME}?cart_id=${cart.data.cart.id}`, a.headers)
        expect(usd.data.wishlist.items[0].variant.calculated_price.currency_code).toBe("usd")
      })

      it("keeps a single item when the same variant is added many times at once", async () => {
        const a = await shopper()
        const v = variants.inStock[1].id
        const results = await Promise.all(Array.from({ length: 12 }, () => add(a.headers, v)))
        expect(new Set(results.map((r) => r.data.wishlist_item.id)).size).toBe(1)
        expect(results.filter((r) => r.status === 201)).toHaveLength(1)
        const list = await api.get(ME, a.headers)
        expect(list.data.wishlist.items).toHaveLength(1)
        const rows = await wishlists().listWishlists({ customer_id: a.customer.id })
        expect(rows).toHaveLength(1)
      })

      it("rejects bad input with a 4xx and changes nothing", async () => {
        const a = await shopper()
        const cases: [() => Promise<any>, number][] = [
          [() => add(a.headers, "variant_does_not_exist"), 404],
          [() => api.post(`${ME}/items`, {}, a.headers), 400],
          [() => api.post(`${ME}/items`, { variant_id: 42 }, a.headers), 400],
          [() => api.post(`${ME}/items`, { variant_id: "" }, a.headers), 400],
          [() => api.post(`${ME}/items`, { variant_id: "x".repeat(500) }, a.headers), 400],
          [
            () =>
              api.post(
                `${ME}/items`,
                { variant_id: variants.inStock[0].id, extra: true },
                a.headers
              ),
            400,
          ],
          [() => api.delete(`${ME}/items/wli_does_not_exist`, a.headers), 404],
          [() => api.get(`${ME}?region_id=reg_does_not_exist`, a.headers), 404],
          [() => api.get(`${ME}?cart_id=cart_does_not_exist`, a.headers), 404],
          [() => api.get(`${ME}?unknown=1`, a.headers), 400],
        ]
        for (const [call, status] of cases) {
          const res = await failing(call())
          expect([res.status, res.data.message]).toEqual([status, expect.any(String)])
          expect(JSON.stringify(res.data)).not.toMatch(/at .*\.(js|ts):\d+/)
        }
        const list = await api.get(ME, a.headers)
        expect(list.data.wishlist.items).toEqual([])
      })

      it("refuses variants of unpublished products", async () => {
        const a = await shopper()
        const v = variants.inStock[2]
        await getContainer()
          .resolve(Modules.PRODUCT)
          .updateProducts(v.product_id!, { status: "draft" })
        const res = await failing(add(a.headers, v.id))
        expect(res.status).toBe(404)
      })

      it("removes an item", async () => {
        const a = await shopper()
        const added = await add(a.headers, variants.inStock[0].id)
        await add(a.headers, variants.inStock[1].id)
        const del = await api.delete(`${ME}/items/${added.data.wishlist_item.id}`, a.headers)
        expect(del.data).toEqual({
          id: added.data.wishlist_item.id,
          object: "wishlist_item",
          deleted: true,
        })
        const list = await api.get(ME, a.headers)
        expect(list.data.wishlist.items.map((i: any) => i.variant_id)).toEqual([
          variants.inStock[1].id,
        ])
        const again = await failing(
          api.delete(`${ME}/items/${added.data.wishlist_item.id}`, a.headers)
        )
        expect(again.status).toBe(404)
      })
    })

    describe("authorization between customers", () => {
      it("customer B cannot read, remove, move, share or revoke A's wishlist", async () => {
        const a = await shopper("Alice")
        const b = await shopper("Bob")
        const item = (await add(a.headers, variants.inStock[0].id)).data.wishlist_item
        const token = (await api.post(`${ME}/share`, {}, a.headers)).data.share_token

        // B's own wishlist is separate and empty.
        const bView = await api.get(ME, b.headers)
        expect(bView.data.wishlist.items).toEqual([])
        expect(bView.data.wishlist.share_token).toBeNull()

        expect((await failing(api.delete(`${ME}/items/${item.id}`, b.headers))).status).toBe(404)
        const bCart = await api.post("/store/carts", { region_id: demo.regions.eur }, b.headers)
        const moved = await failing(
          api.post(
            `${ME}/items/${item.id}/move-to-cart`,
            { cart_id: bCart.data.cart.id },
            b.headers
          )
        )
        expect(moved.status).toBe(404)

        // B sharing and revoking only touches B's own wishlist.
        const bToken = (await api.post(`${ME}/share`, {}, b.headers)).data.share_token
        expect(bToken).not.toBe(token)
        await api.delete(`${ME}/share`, b.headers)
        const shared = await api.get(`/store/wishlists/shared/${token}`, store())
        expect(shared.data.wishlist.items.map((i: any) => i.id)).toEqual([item.id])

        const aView = await api.get(ME, a.headers)
        expect(aView.data.wishlist.items.map((i: any) => i.id)).toEqual([item.id])
        expect(aView.data.wishlist.share_token).toBe(token)
        const bCartAfter = await api.get(`/store/carts/${bCart.data.cart.id}`, b.headers)
        expect(bCartAfter.data.cart.items).toEqual([])
      })
    })

    describe("sharing", () => {
      it("shares read-only with a long random token, and revoking closes the link", async () => {
        const a = await shopper("Alice")
        await add(a.headers, variants.inStock[0].id)
        const share = await api.post(`${ME}/share`, {}, a.headers)
        const token: string = share.data.share_token
        expect(Buffer.from(token, "base64url").length * 8).toBeGreaterThanOrEqual(128)
        expect((await api.post(`${ME}/share`, {}, a.headers)).data.share_token).toBe(token)

        const url = `/store/wishlists/shared/${token}`
        const shared = await api.get(`${url}?region_id=${demo.regions.eur}`, store())
        expect(shared.data.wishlist.owner).toEqual({ first_name: "Alice" })
        expect(shared.data.wishlist.items).toHaveLength(1)
        expect(shared.data.wishlist.items[0].variant.calculated_price.currency_code).toBe("eur")
        const body = JSON.stringify(shared.data)
        expect(body).not.toContain(a.email)
        expect(body).not.toContain(a.customer.id)
        expect(body).not.toContain("share_token")

        // The token never allows writes, with or without a login.
        for (const headers of [store(), a.headers]) {
          for (const write of [
            () => api.post(url, { variant_id: variants.inStock[1].id }, headers),
            () => api.delete(url, headers),
            () => api.post(`${url}/items`, { variant_id: variants.inStock[1].id }, headers),
            () => api.delete(`${url}/items/whatever`, headers),
          ]) {
            expect([404, 405]).toContain((await failing(write())).status)
          }
        }
        expect((await api.get(ME, a.headers)).data.wishlist.items).toHaveLength(1)

        expect(
          (await failing(api.get("/store/wishlists/shared/not-a-token", store()))).status
        ).toBe(404)

        const revoked = await api.delete(`${ME}/share`, a.headers)
        expect(revoked.data).toEqual({ share_token: null, revoked: true })
        expect((await failing(api.get(url, store()))).status).toBe(404)
        // Revoking twice is fine; sharing again gives a new token, the old one stays dead.
        await api.delete(`${ME}/share`, a.headers)
        const fresh = (await api.post(`${ME}/share`, {}, a.headers)).data.share_token
        expect(fresh).not.toBe(token)
        expect((await failing(api.get(url, store()))).status).toBe(404)
        expect((await api.get(`/store/wishlists/shared/${fresh}`, store())).status).toBe(200)
      })
    })

    describe("move to cart", () => {
      it("moves an item into the customer's own cart and into a guest cart", async () => {
        const a = await shopper()
        const v0 = variants.inStock[0].id
        const v1 = variants.inStock[1].id
        const i0 = (await add(a.headers, v0)).data.wishlist_item
        const i1 = (await add(a.headers, v1)).data.wishlist_item

        const own = (await api.post("/store/carts", { region_id: demo.regions.eur }, a.headers))
          .data.cart
        expect(own.customer_id).toBe(a.customer.id)
        const moved = await api.post(
          `${ME}/items/${i0.id}/move-to-cart`,
          { cart_id: own.id, quantity: 2 },
          a.headers
        )
        expect(moved.data).toEqual({ cart_id: own.id, variant_id: v0, removed_item_id: i0.id })
        const cart = (await api.get(`/store/carts/${own.id}`, a.headers)).data.cart
        expect(cart.items.map((i: any) => [i.variant_id, i.quantity])).toEqual([[v0, 2]])

        const guest = (await api.post("/store/carts", { region_id: demo.regions.eur }, store()))
          .data.cart
        expect(guest.customer_id).toBeFalsy()
        await api.post(`${ME}/items/${i1.id}/move-to-cart`, { cart_id: guest.id }, a.headers)
        const guestCart = (await api.get(`/store/carts/${guest.id}`, store())).data.cart
        expect(guestCart.items.map((i: any) => [i.variant_id, i.quantity])).toEqual([[v1, 1]])

        expect((await api.get(ME, a.headers)).data.wishlist.items).toEqual([])
      })

      it("refuses another registered customer's cart and keeps the item", async () => {
        const a = await shopper()
        const b = await shopper()
        const item = (await add(a.headers, variants.inStock[0].id)).data.wishlist_item
        const bCart = (await api.post("/store/carts", { region_id: demo.regions.eur }, b.headers))
          .data.cart
        const res = await failing(
          api.post(`${ME}/items/${item.id}/move-to-cart`, { cart_id: bCart.id }, a.headers)
        )
        expect(res.status).toBe(403)
        expect((await api.get(`/store/carts/${bCart.id}`, b.headers)).data.cart.items).toEqual([])
        expect((await api.get(ME, a.headers)).data.wishlist.items).toHaveLength(1)
      })

      it("restores the wishlist item when adding to the cart fails", async () => {
        const a = await shopper()
        expect(variants.soldOut).toBeDefined()
        const item = (await add(a.headers, variants.soldOut!.id)).data.wishlist_item
        const cart = (await api.post("/store/carts", { region_id: demo.regions.eur }, a.headers))
          .data.cart
        const res = await failing(
          api.post(`${ME}/items/${item.id}/move-to-cart`, { cart_id: cart.id }, a.headers)
        )
        expect(res.status).toBeGreaterThanOrEqual(400)
        expect(res.status).toBeLessThan(500)
        // The failure came from the cart step, i.e. after the item had been removed.
        expect(res.data.message).toMatch(/inventory/i)
        const after = await api.get(ME, a.headers)
        expect(after.data.wishlist.items.map((i: any) => i.id)).toEqual([item.id])
        expect((await api.get(`/store/carts/${cart.id}`, a.headers)).data.cart.items).toEqual([])
      })

      it("rejects bad input", async () => {
        const a = await shopper()
        const item = (await add(a.headers, variants.inStock[0].id)).data.wishlist_item
        const move = (body: any, id = item.id) =>
          failing(api.post(`${ME}/items/${id}/move-to-cart`, body, a.headers))
        expect((await move({})).status).toBe(400)
        expect((await move({ cart_id: "cart_x", quantity: 0 })).status).toBe(400)
        expect((await move({ cart_id: "cart_x", quantity: 1.5 })).status).toBe(400)
        expect((await move({ cart_id: "cart_does_not_exist" })).status).toBe(404)
        const cart = (await api.post("/store/carts", { region_id: demo.regions.eur }, a.headers))
          .data.cart
        expect((await move({ cart_id: cart.id }, "wli_does_not_exist")).status).toBe(404)
        expect((await api.get(ME, a.headers)).data.wishlist.items).toHaveLength(1)
      })
    })

    describe("catalog deletions", () => {
      it("drops deleted variants and products from wishlists without errors", async () => {
        const a = await shopper()
        const [v0, v1, v2] = variants.inStock
        const other = variants.inStock.find((v) => v.product_id !== v0.product_id)!
        await add(a.headers, v0.id)
        await add(a.headers, other.id)
        expect(v1).toBeDefined()
        expect(v2).toBeDefined()

        // Deleting the variant through the admin API fires the deletion event.
        await api.delete(`/admin/products/${v0.product_id}/variants/${v0.id}`, demo.adminHeaders)
        const rows = await eventually(
          () => wishlists().listWishlistItems({ variant_id: v0.id }),
          (r) => r.length === 0
        )
        expect(rows).toEqual([])
        const view = await api.get(`${ME}?region_id=${demo.regions.eur}`, a.headers)
        expect(view.data.wishlist.items.map((i: any) => i.variant_id)).toEqual([other.id])

        // Deleting a whole product removes its variants too.
        await api.delete(`/admin/products/${other.product_id}`, demo.adminHeaders)
        await eventually(
          () => wishlists().listWishlistItems({ variant_id: other.id }),
          (r) => r.length === 0
        )
        expect((await wishlists().listWishlistItems({ variant_id: other.id })).length).toBe(0)
        expect((await api.get(ME, a.headers)).data.wishlist.items).toEqual([])
      })

      it("hides items whose variant vanished even when no event arrived", async () => {
        const a = await shopper()
        const v = variants.inStock[3]
        await add(a.headers, v.id)
        // Straight at the module: no workflow, so no event and no subscriber.
        await getContainer().resolve(Modules.PRODUCT).softDeleteProductVariants([v.id])
        const view = await api.get(`${ME}?region_id=${demo.regions.eur}`, a.headers)
        expect(view.status).toBe(200)
        expect(view.data.wishlist.items).toEqual([])
        const admin = await api.get(`/admin/customers/${a.customer.id}/wishlist`, demo.adminHeaders)
        expect(admin.data.wishlists[0].items).toEqual([])
      })
    })

    describe("demo data", () => {
      it("seeds a demo customer who can log in and has three wishlist items", async () => {
        const login = await api.post("/auth/customer/emailpass", {
          email: DEMO_CUSTOMER_EMAIL,
          password: process.env.DEMO_CUSTOMER_PASSWORD || DEFAULT_DEMO_CUSTOMER_PASSWORD,
        })
        const headers = {
          headers: { ...store().headers, authorization: `Bearer ${login.data.token}` },
        }
        const res = await api.get(`${ME}?region_id=${demo.regions.eur}`, headers)
        expect(res.data.wishlist.items).toHaveLength(3)
        for (const item of res.data.wishlist.items) {
          expect(item.variant.calculated_price.calculated_amount).toBeGreaterThan(0)
        }
      })
    })

    describe("admin", () => {
      it("shows a customer's wishlist to an admin", async () => {
        const a = await shopper()
        await add(a.headers, variants.inStock[0].id)
        await api.post(`${ME}/share`, {}, a.headers)
        const res = await api.get(`/admin/customers/${a.customer.id}/wishlist`, demo.adminHeaders)
        expect(res.data.wishlists).toHaveLength(1)
        expect(res.data.wishlists[0]).toMatchObject({
          sales_channel: { id: demo.salesChannelId, name: "Webshop" },
          shared: true,
          items: [{ variant_id: variants.inStock[0].id }],
        })
        expect(JSON.stringify(res.data)).not.toContain("share_token")

        const none = await failing(
          api.get("/admin/customers/cus_does_not_exist/wishlist", demo.adminHeaders)
        )
        expect(none.status).toBe(404)
        const b = await shopper()
        const empty = await api.get(`/admin/customers/${b.customer.id}/wishlist`, demo.adminHeaders)
        expect(empty.data.wishlists).toEqual([])
      })
    })
  },
})
