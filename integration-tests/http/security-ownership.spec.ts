import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import {
  type Demo,
  failing,
  findVariants,
  registerCustomer,
  seedForTests,
  address,
} from "../helpers/fixtures"
import { DEMO_PROMOTION_CODE } from "../../src/lib/demo-seed"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  OWNERSHIP_SCHEMA,
  selectOwner,
  selectPaymentCollectionOwner,
} from "@commerce-api/plugin/lib/internals/ownership-sql"

jest.setTimeout(600 * 1000)

medusaIntegrationTestRunner({
  inApp: true,
  env: { RATE_LIMIT_STORE_POINTS: "1000000", RATE_LIMIT_AUTH_POINTS: "1000000" },
  testSuite: ({ api, getContainer }) => {
    let demo: Demo
    let variants: Awaited<ReturnType<typeof findVariants>>

    beforeAll(async () => {
      demo = await seedForTests(getContainer())
      variants = await findVariants(getContainer())
    })

    const store = () => demo.storeHeaders
    const variant = () => variants.inStock[0].id

    async function cartWithItem(headers: { headers: Record<string, string> }) {
      const res = await api.post("/store/carts", { region_id: demo.regions.eur }, headers)
      const cart = res.data.cart
      const added = await api.post(
        `/store/carts/${cart.id}/line-items`,
        { variant_id: variant(), quantity: 1 },
        headers
      )
      return added.data.cart
    }

    async function readyForPayment(cartId: string, headers: { headers: Record<string, string> }) {
      await api.post(
        `/store/carts/${cartId}`,
        { shipping_address: address, billing_address: address },
        headers
      )
      const options = await api.get(`/store/shipping-options?cart_id=${cartId}`, headers)
      const standard = options.data.shipping_options.find((o: any) => o.name.startsWith("Standard"))
      await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: standard.id }, headers)
      return standard.id as string
    }

    async function pay(cartId: string, headers: { headers: Record<string, string> }) {
      const pc = await api.post("/store/payment-collections", { cart_id: cartId }, headers)
      await api.post(
        `/store/payment-collections/${pc.data.payment_collection.id}/payment-sessions`,
        { provider_id: "pp_system_default" },
        headers
      )
      return pc.data.payment_collection.id as string
    }

    /** A foreign object must look exactly like one that does not exist. */
    async function expectHidden(request: Promise<any>, entity: string, id: string) {
      const res = await failing(request)
      expect(res.status).toBe(404)
      expect(res.data).toEqual({
        type: "not_found",
        message: `${entity} with id '${id}' not found`,
      })
    }

    it("hides a registered customer's cart on every /store/carts/:id route from others", async () => {
      const alice = await registerCustomer(api, store().headers)
      const bob = await registerCustomer(api, store().headers)
      const cart = await cartWithItem(alice.headers)
      expect(cart.customer_id).toBe(alice.customer.id)
      const line = cart.items[0].id
      const shippingOption = await readyForPayment(cart.id, alice.headers)
      const before = (await api.get(`/store/carts/${cart.id}`, alice.headers)).data.cart

      // An unknown id answers the same way: existence is not revealed.
      const unknown = await failing(api.get(`/store/carts/cart_01UNKNOWN`, store()))
      expect(unknown.status).toBe(404)

      const c = `/store/carts/${cart.id}`
      for (const who of [bob.headers, store()]) {
        const attempts: Array<() => Promise<any>> = [
          () => api.get(c, who),
          () => api.post(c, { email: "thief@example.com" }, who),
          () => api.post(`${c}/line-items`, { variant_id: variant(), quantity: 5 }, who),
          () => api.post(`${c}/line-items/${line}`, { quantity: 7 }, who),
          () => api.delete(`${c}/line-items/${line}`, who),
          () => api.post(`${c}/promotions`, { promo_codes: [DEMO_PROMOTION_CODE] }, who),
          () => api.delete(`${c}/promotions`, { ...who, data: { promo_codes: ["X"] } }),
          () => api.post(`${c}/shipping-methods`, { option_id: shippingOption }, who),
          () => api.post(`${c}/taxes`, {}, who),
          () => api.post(`${c}/complete`, {}, who),
          () => api.post(`${c}/customer`, {}, who),
          () => api.get(`/store/shipping-options?cart_id=${cart.id}`, who),
          () =>
            api.post(
              `/store/shipping-options/${shippingOption}/calculate`,
              { cart_id: cart.id },
              who
            ),
          () => api.post("/store/payment-collections", { cart_id: cart.id }, who),
        ]
        for (const attempt of attempts) {
          const res = await failing(attempt())
          expect(res.status).toBe(404)
        }
        await expectHidden(api.get(c, who), "Cart", cart.id)
      }

      // Nothing changed, and the owner still has full access by bearer and by cookie.
      const after = (await api.get(c, alice.headers)).data.cart
      expect(after.email).toBe(before.email)
      expect(after.customer_id).toBe(alice.customer.id)
      expect(after.items.map((i: any) => [i.id, i.quantity])).toEqual(
        before.items.map((i: any) => [i.id, i.quantity])
      )
      expect(after.promotions).toEqual(before.promotions)
      const session = await api.post(
        "/auth/session",
        {},
        { headers: { authorization: `Bearer ${alice.token}` } }
      )
      const cookie = (session.headers["set-cookie"] as string[])[0].split(";")[0]
      const viaCookie = await api.get(c, { headers: { ...store().headers, cookie } })
      expect(viaCookie.data.cart.id).toBe(cart.id)
    })

    it("protects payment collections and payment sessions of a registered customer's cart", async () => {
      const alice = await registerCustomer(api, store().headers)
      const bob = await registerCustomer(api, store().headers)
      const cart = await cartWithItem(alice.headers)
      await readyForPayment(cart.id, alice.headers)
      const pc = await api.post("/store/payment-collections", { cart_id: cart.id }, alice.headers)
      const pcId = pc.data.payment_collection.id
      for (const who of [bob.headers, store()]) {
        await expectHidden(
          api.post(
            `/store/payment-collections/${pcId}/payment-sessions`,
            { provider_id: "pp_system_default" },
            who
          ),
          "Payment collection",
          pcId
        )
        await expectHidden(
          api.post("/store/payment-collections", { cart_id: cart.id }, who),
          "Cart",
          cart.id
        )
      }
      const own = await api.post(
        `/store/payment-collections/${pcId}/payment-sessions`,
        { provider_id: "pp_system_default" },
        alice.headers
      )
      expect(own.data.payment_collection.payment_sessions).toHaveLength(1)
    })

    it("keeps guest carts usable by id and lets a logged-in shopper claim one, once", async () => {
      const guestCart = await cartWithItem(store())
      expect(guestCart.customer_id).toBeFalsy()
      // Anyone holding a guest cart id may use it (storefronts keep it in a cookie).
      const read = await api.get(`/store/carts/${guestCart.id}`, store())
      expect(read.data.cart.id).toBe(guestCart.id)
      // Setting an e-mail creates a has_account=false customer: still a guest cart.
      await api.post(`/store/carts/${guestCart.id}`, { email: "guest@example.com" }, store())
      const stillGuest = await api.get(`/store/carts/${guestCart.id}`, store())
      expect(stillGuest.data.cart.email).toBe("guest@example.com")

      // Carol logs in and reads it: GET never changes state, so it is still the guest's...
      const carol = await registerCustomer(api, store().headers)
      const guestCustomer = stillGuest.data.cart.customer_id
      const readLoggedIn = await api.get(`/store/carts/${guestCart.id}`, carol.headers)
      expect(readLoggedIn.data.cart.customer_id).toBe(guestCustomer)
      expect(readLoggedIn.data.cart.email).toBe("guest@example.com")
      const anonymousRead = await api.get(`/store/carts/${guestCart.id}`, store())
      expect(anonymousRead.data.cart.customer_id).toBe(guestCustomer)
      // ...until she writes to it: then it becomes hers...
      const claimed = await api.post(
        `/store/carts/${guestCart.id}/line-items`,
        { variant_id: variant(), quantity: 1 },
        carol.headers
      )
      expect(claimed.data.cart.customer_id).toBe(carol.customer.id)
      expect(claimed.data.cart.email).toBe(carol.email)
      // ...and from then on hidden from the anonymous holder of the id and from Dave,
      // who cannot take it over with Medusa's transfer route either.
      await expectHidden(api.get(`/store/carts/${guestCart.id}`, store()), "Cart", guestCart.id)
      const dave = await registerCustomer(api, store().headers)
      await expectHidden(
        api.post(`/store/carts/${guestCart.id}/customer`, {}, dave.headers),
        "Cart",
        guestCart.id
      )
      const mine = await api.get(`/store/carts/${guestCart.id}`, carol.headers)
      expect(mine.data.cart.customer_id).toBe(carol.customer.id)

      // The explicit claim (Medusa's POST /store/carts/:id/customer) works for a guest cart:
      // what the Next.js starter does after login (js-sdk's sdk.store.cart.transferCart).
      const other = await cartWithItem(store())
      const peek = await api.get(`/store/carts/${other.id}`, dave.headers)
      expect(peek.data.cart.customer_id).toBeFalsy()
      const transferred = await api.post(`/store/carts/${other.id}/customer`, {}, dave.headers)
      expect(transferred.data.cart.customer_id).toBe(dave.customer.id)
      await expectHidden(api.get(`/store/carts/${other.id}`, carol.headers), "Cart", other.id)
    })

    it("keeps a guest's cart a guest cart when the guest types a registered customer's e-mail", async () => {
      const erin = await registerCustomer(api, store().headers)
      const customers = getContainer().resolve("customer")
      const ownerOf = async (cartId: string) => {
        const cart = await getContainer().resolve("cart").retrieveCart(cartId)
        return customers.retrieveCustomer(cart.customer_id as string)
      }

      // E-mail given when the cart is created (in a different case, as people type it).
      const created = await api.post(
        "/store/carts",
        { region_id: demo.regions.eur, email: erin.email.toUpperCase() },
        store()
      )
      expect(created.status).toBe(200)
      expect(created.data.cart.email).toBe(erin.email)
      expect(created.data.cart.customer_id).not.toBe(erin.customer.id)
      expect(await ownerOf(created.data.cart.id)).toMatchObject({
        email: erin.email,
        has_account: false,
      })
      const line = await api.post(
        `/store/carts/${created.data.cart.id}/line-items`,
        { variant_id: variant(), quantity: 1 },
        store()
      )
      expect(line.status).toBe(200)

      // E-mail given later, at checkout (the Next.js starter's flow), and the guest checks out.
      const later = await cartWithItem(store())
      const update = await api.post(
        `/store/carts/${later.id}`,
        { email: erin.email, shipping_address: address, billing_address: address },
        store()
      )
      expect(update.data.cart.email).toBe(erin.email)
      expect(update.data.cart.customer_id).not.toBe(erin.customer.id)
      await readyForPayment(later.id, store())
      await pay(later.id, store())
      const done = await api.post(`/store/carts/${later.id}/complete`, {}, store())
      expect(done.data.type).toBe("order")
      const order = await api.get(`/store/orders/${done.data.order.id}`, store())
      expect(order.data.order.email).toBe(erin.email)
      expect(await ownerOf(later.id)).toMatchObject({ has_account: false })

      // Both guests reused one guest record; Erin's own carts are still hers alone.
      expect((await ownerOf(created.data.cart.id)).id).toBe((await ownerOf(later.id)).id)
      const hers = await cartWithItem(erin.headers)
      expect(hers.customer_id).toBe(erin.customer.id)
      await expectHidden(api.get(`/store/carts/${hers.id}`, store()), "Cart", hers.id)
    })

    it("leaves a guest cart's e-mail and customer unchanged when an update naming a registered e-mail fails", async () => {
      const frank = await registerCustomer(api, store().headers)
      const carts = getContainer().resolve("cart")
      const guestCart = await cartWithItem(store())
      const state = async () => {
        const c = await carts.retrieveCart(guestCart.id, { select: ["email", "customer_id"] })
        return { email: c.email ?? null, customer_id: c.customer_id ?? null }
      }
      const before = await state()
      expect(before).toEqual({ email: null, customer_id: null })

      // Fails in Medusa's workflow before the cart is written (country outside the region).
      const badCountry = await failing(
        api.post(
          `/store/carts/${guestCart.id}`,
          { email: frank.email, shipping_address: { ...address, country_code: "us" } },
          store()
        )
      )
      expect(badCountry.status).toBe(400)
      expect(badCountry.data.message).toMatch(/not within region/)
      expect(await state()).toEqual(before)

      // Fails after the cart was written (an unknown promotion code, found while refreshing).
      const badPromo = await failing(
        api.post(
          `/store/carts/${guestCart.id}`,
          { email: frank.email, promo_codes: ["NO-SUCH-CODE"] },
          store()
        )
      )
      expect(badPromo.status).toBe(400)
      expect(await state()).toEqual(before)

      // The same e-mail in a valid update makes it a guest cart, not Frank's.
      const ok = await api.post(`/store/carts/${guestCart.id}`, { email: frank.email }, store())
      expect(ok.data.cart.email).toBe(frank.email)
      expect(ok.data.cart.customer_id).toBeTruthy()
      expect(ok.data.cart.customer_id).not.toBe(frank.customer.id)
      const guest = await getContainer()
        .resolve("customer")
        .retrieveCustomer(ok.data.cart.customer_id)
      expect(guest).toMatchObject({ email: frank.email, has_account: false })
    })

    it("hides a registered customer's order but keeps guest orders readable by id", async () => {
      const alice = await registerCustomer(api, store().headers)
      const bob = await registerCustomer(api, store().headers)
      const cart = await cartWithItem(alice.headers)
      await readyForPayment(cart.id, alice.headers)
      await pay(cart.id, alice.headers)
      const done = await api.post(`/store/carts/${cart.id}/complete`, {}, alice.headers)
      expect(done.data.type).toBe("order")
      const order = done.data.order

      expect((await api.get(`/store/orders/${order.id}`, alice.headers)).data.order.id).toBe(
        order.id
      )
      for (const who of [bob.headers, store()]) {
        await expectHidden(api.get(`/store/orders/${order.id}`, who), "Order", order.id)
        await expectHidden(
          api.post(`/store/orders/${order.id}/transfer/request`, {}, who),
          "Order",
          order.id
        )
        await expectHidden(
          api.post(
            "/store/returns",
            {
              order_id: order.id,
              items: [{ id: order.items[0].id, quantity: 1 }],
              // A well-formed body, so the ownership check (not the validator) answers.
              return_shipping: { option_id: "so_unknown" },
            },
            who
          ),
          "Order",
          order.id
        )
      }
      // The list only ever shows one's own orders.
      const bobsOrders = await api.get("/store/orders", bob.headers)
      expect(bobsOrders.data.orders.map((o: any) => o.id)).not.toContain(order.id)

      // Guest checkout: the confirmation page reads the order by id without login.
      const guestCart = await cartWithItem(store())
      await api.post(`/store/carts/${guestCart.id}`, { email: "guest2@example.com" }, store())
      await readyForPayment(guestCart.id, store())
      await pay(guestCart.id, store())
      const guestDone = await api.post(`/store/carts/${guestCart.id}/complete`, {}, store())
      const guestOrder = await api.get(`/store/orders/${guestDone.data.order.id}`, store())
      expect(guestOrder.data.order.email).toBe("guest2@example.com")
    })

    it("scopes customer addresses to their owner", async () => {
      const alice = await registerCustomer(api, store().headers)
      const bob = await registerCustomer(api, store().headers)
      const created = await api.post("/store/customers/me/addresses", address, alice.headers)
      const addressId = created.data.customer.addresses[0].id
      const path = `/store/customers/me/addresses/${addressId}`
      expect((await failing(api.get(path, bob.headers))).status).toBe(404)
      expect((await failing(api.post(path, { city: "Nowhere" }, bob.headers))).status).toBe(404)
      expect((await failing(api.delete(path, bob.headers))).status).toBe(404)
      expect((await failing(api.get(path, store()))).status).toBe(401)
      const own = await api.get(path, alice.headers)
      expect(own.data.address.city).toBe("Amsterdam")
    })

    // Tripwire for lib/internals/ownership-sql.ts: the ownership checks read Medusa's
    // tables directly; a Medusa upgrade that renames one must fail here, not in production.
    it("finds every table and column the ownership SQL reads in Medusa's schema", async () => {
      const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
      const { rows } = await pg.raw(
        `select table_name, column_name from information_schema.columns
          where table_schema = current_schema() and table_name = any(?)`,
        [Object.keys(OWNERSHIP_SCHEMA)]
      )
      const found = new Set(rows.map((r: any) => `${r.table_name}.${r.column_name}`))
      const missing = Object.entries(OWNERSHIP_SCHEMA).flatMap(([table, columns]) =>
        columns.map((c) => `${table}.${c}`).filter((name) => !found.has(name))
      )
      expect(missing).toEqual([])

      // And the statements answer what query.graph answered.
      const alice = await registerCustomer(api, store().headers)
      const cart = await cartWithItem(alice.headers)
      await readyForPayment(cart.id, alice.headers)
      const pcId = await pay(cart.id, alice.headers)
      const scope = getContainer()
      const owner = { id: cart.id, customerId: alice.customer.id, hasAccount: true }
      expect(await selectOwner(scope, "cart", cart.id)).toEqual(owner)
      expect(await selectPaymentCollectionOwner(scope, pcId)).toEqual({ id: pcId, cart: owner })
      const guest = await cartWithItem(store())
      expect(await selectOwner(scope, "cart", guest.id)).toEqual({
        id: guest.id,
        customerId: null,
        hasAccount: false,
      })
      expect(await selectOwner(scope, "order", cart.id)).toBeUndefined()
      expect(await selectPaymentCollectionOwner(scope, "pay_col_unknown")).toBeUndefined()
    })

    it("treats soft-deleted carts as unknown and a deleted account's cart as a guest cart", async () => {
      const alice = await registerCustomer(api, store().headers)
      const cart = await cartWithItem(alice.headers)
      await getContainer().resolve(Modules.CART).softDeleteCarts([cart.id])
      await expectHidden(api.get(`/store/carts/${cart.id}`, alice.headers), "Cart", cart.id)

      // As with query.graph, a soft-deleted customer no longer owns anything.
      const bob = await registerCustomer(api, store().headers)
      const bobsCart = await cartWithItem(bob.headers)
      await expectHidden(api.get(`/store/carts/${bobsCart.id}`, store()), "Cart", bobsCart.id)
      await getContainer().resolve(Modules.CUSTOMER).softDeleteCustomers([bob.customer.id])
      const open = await api.get(`/store/carts/${bobsCart.id}`, store())
      expect(open.data.cart.id).toBe(bobsCart.id)
    })
  },
})
