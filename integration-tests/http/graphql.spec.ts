import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import {
  addShippingMethodToCartWorkflow,
  addToCartWorkflow,
  createCartWorkflow,
  updateCartWorkflow,
} from "@medusajs/medusa/core-flows"
import { checkoutThroughGraphQL, gqlAddress, graphqlClient } from "../helpers/graphql"
import { normaliseIds } from "../helpers/parity"
import { succeededRuns } from "../helpers/metrics"
import { currentRequestId } from "@commerce-api/plugin/lib/observability/request-context"
import { catalogCacheStats, invalidateCatalogCache } from "@commerce-api/plugin/lib/cache/index"
import {
  address,
  cartReadyToComplete,
  failing,
  findVariants,
  registerCustomer,
  seedForTests,
  type Demo,
} from "../helpers/fixtures"

jest.setTimeout(240 * 1000)

type Headers = { headers: Record<string, string> }
type GqlError = { message: string; extensions?: { code?: string; status?: number } }

// One Medusa boot: the GraphQL API beside its REST twin, with the same data and rules.
medusaIntegrationTestRunner({
  inApp: true,
  env: { CATALOG_CACHE: "on", CATALOG_CACHE_PREFIX: `cache:test-graphql-${process.pid}:` },
  testSuite: ({ api, getContainer }) => {
    let demo: Demo
    let variants: Awaited<ReturnType<typeof findVariants>>
    const store = (): Headers => demo.storeHeaders

    beforeAll(async () => {
      demo = await seedForTests(getContainer())
      variants = await findVariants(getContainer())
    })

    // Every test starts from the restored DB, but the catalog cache lives on in the server
    // process (anonymous catalog queries are cached): drop it, as a catalog event would.
    beforeEach(() => invalidateCatalogCache())

    /** POSTs an operation; answers the HTTP status and the GraphQL result, never throwing. */
    async function gql(
      query: string,
      variables: Record<string, unknown> = {},
      headers: Headers = store()
    ): Promise<{ status: number; data: any; errors?: GqlError[] }> {
      try {
        const res = await api.post("/graphql", { query, variables }, headers)
        return { status: res.status, data: res.data.data, errors: res.data.errors }
      } catch (e: any) {
        if (!e.response) throw e
        return {
          status: e.response.status,
          data: e.response.data?.data,
          errors: e.response.data?.errors,
        }
      }
    }

    async function ok(query: string, variables: Record<string, unknown> = {}, headers = store()) {
      const res = await gql(query, variables, headers)
      if (res.errors?.length) throw new Error(JSON.stringify(res.errors))
      expect(res.status).toBe(200)
      return res.data
    }

    /** Everything the GraphQL checkout does, through /graphql alone (shared with production-build). */
    const checkout = (headers: Headers, email?: string) =>
      checkoutThroughGraphQL(api, headers, {
        regionId: demo.regions.eur,
        variantId: variants.inStock[0].id,
        email,
      })

    describe("transport and access", () => {
      it("needs the publishable key, like /store", async () => {
        const res = await gql("{ regions { id } }", {}, { headers: {} })
        expect(res.status).toBe(400)
        const bad = await gql(
          "{ regions { id } }",
          {},
          { headers: { "x-publishable-api-key": "pk_nope" } }
        )
        expect(bad.status).toBe(400)
      })

      it("answers queries by GET and refuses mutations by GET and non-JSON posts", async () => {
        const q = encodeURIComponent("{ regions { id currencyCode } }")
        const get = await api.get(`/graphql?query=${q}`, store())
        expect(get.status).toBe(200)
        expect(get.data.data.regions.length).toBeGreaterThan(0)
        const m = encodeURIComponent("mutation { logout }")
        const refused = await failing(api.get(`/graphql?query=${m}`, store()))
        expect(refused.status).toBeGreaterThanOrEqual(400)
        expect(refused.status).toBeLessThan(500)
        const form = await failing(
          api.post("/graphql", "query=mutation%20%7B%20logout%20%7D", {
            headers: { ...store().headers, "content-type": "application/x-www-form-urlencoded" },
          })
        )
        expect(form.status).toBe(400)
      })

      it("answers cross-origin reads only to STORE_CORS origins (Yoga adds no CORS of its own)", async () => {
        const query = { query: "{ regions { id } }" }
        const allowed = process.env.STORE_CORS?.split(",")[0] || "http://localhost:8000"
        const friend = await api.post("/graphql", query, {
          headers: { ...store().headers, origin: allowed },
        })
        expect(friend.headers["access-control-allow-origin"]).toBe(allowed)
        expect(friend.headers["access-control-allow-credentials"]).toBe("true")
        // A hostile page must not read a shopper's answers with the shopper's cookie.
        const hostile = await api.post("/graphql", query, {
          headers: { ...store().headers, origin: "https://evil.example" },
        })
        expect(hostile.status).toBe(200)
        expect(hostile.headers["access-control-allow-origin"]).toBeUndefined()
        // (`cors` sends Allow-Credentials to every origin, as on /store: without Allow-Origin a browser
        // withholds the answer all the same.)
        const preflight = await api.options("/graphql", {
          headers: {
            origin: "https://evil.example",
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
          },
          validateStatus: () => true,
        })
        expect(preflight.status).toBeLessThan(500)
        expect(preflight.headers["access-control-allow-origin"]).toBeUndefined()
      })
    })

    describe("catalog parity with REST", () => {
      it("lists the same 20 products with the same prices and stock as GET /store/products", async () => {
        const rest = await api.get(
          `/store/products?limit=20&region_id=${demo.regions.eur}&fields=*variants.calculated_price,+variants.inventory_quantity`,
          store()
        )
        const data = await ok(
          `query($r: ID) { products(first: 20, regionId: $r) { count nodes { id handle
             variants { id price { amount currencyCode } inventoryQuantity inStock }
             reviewSummary { count average } } } }`,
          { r: demo.regions.eur }
        )
        expect(data.products.count).toBe(rest.data.count)
        expect(data.products.nodes.map((p: any) => p.id)).toEqual(
          rest.data.products.map((p: any) => p.id)
        )
        const restPrices = new Map<string, any>()
        for (const p of rest.data.products) for (const v of p.variants) restPrices.set(v.id, v)
        let compared = 0
        for (const p of data.products.nodes)
          for (const v of p.variants) {
            const r = restPrices.get(v.id)
            expect(v.price.amount).toBe(r.calculated_price.calculated_amount)
            expect(v.price.currencyCode).toBe("eur")
            if (r.inventory_quantity !== undefined)
              expect(v.inventoryQuantity).toBe(r.inventory_quantity)
            compared++
          }
        expect(compared).toBeGreaterThan(20)
      })

      it("filters by handle, category, collection and search like REST", async () => {
        const rest = (await api.get("/store/products?limit=50", store())).data.products
        const one = rest[3]
        const byHandle = await ok(`query($h: String!) { product(handle: $h) { id title } }`, {
          h: one.handle,
        })
        expect(byHandle.product.id).toBe(one.id)
        const cats = await ok("{ categories(first: 20) { id handle } }")
        const cat = cats.categories[0]
        const restCat = await api.get(`/store/products?limit=100&category_id[]=${cat.id}`, store())
        const gqlCat = await ok(
          `query($c: [ID!]) { products(first: 100, filter: { categoryId: $c }) { count nodes { id } } }`,
          { c: [cat.id] }
        )
        expect(gqlCat.products.nodes.map((p: any) => p.id).sort()).toEqual(
          restCat.data.products.map((p: any) => p.id).sort()
        )
        const cols = await ok("{ collections { id handle } }")
        const col = cols.collections[0]
        const restCol = await api.get(
          `/store/products?limit=100&collection_id[]=${col.id}`,
          store()
        )
        const gqlCol = await ok(
          `query($c: [ID!]) { products(first: 100, filter: { collectionId: $c }) { nodes { id } } }`,
          { c: [col.id] }
        )
        expect(gqlCol.products.nodes.map((p: any) => p.id).sort()).toEqual(
          restCol.data.products.map((p: any) => p.id).sort()
        )
        const word = one.title.split(" ")[0]
        const restQ = await api.get(
          `/store/products?limit=100&q=${encodeURIComponent(word)}`,
          store()
        )
        const gqlQ = await ok(
          `query($q: String) { products(first: 100, filter: { q: $q }) { nodes { id } } }`,
          { q: word }
        )
        expect(gqlQ.products.nodes.map((p: any) => p.id).sort()).toEqual(
          restQ.data.products.map((p: any) => p.id).sort()
        )
      })

      it("answers an unknown region and an oversized page with 400 in extensions, like REST", async () => {
        const region = await gql(`{ products(regionId: "reg_nope") { count } }`)
        expect(region.errors?.[0].extensions?.status).toBe(400)
        const big = await gql(`{ products(first: 101) { count } }`)
        expect(big.errors?.[0].extensions?.status).toBe(400)
        expect((await failing(api.get("/store/products?limit=101", store()))).status).toBe(400)
      })

      it("costs the same number of database queries for 5 and for 20 products", async () => {
        const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        // The pool also serves background work (job polls such as the webhook dispatcher's):
        // only queries made inside the measured request's context are the page's own.
        let measuring: string | undefined
        let count = 0
        const listener = () => {
          if (measuring && currentRequestId() === measuring) count++
        }
        const page = async (n: number) => {
          const id = `graphql-count-${n}-${Date.now()}`
          measuring = id
          count = 0
          // The comment makes each document unique: a catalog-cache hit would measure no
          // database work at all, so every measured request must be a MISS.
          const res = await api.post(
            "/graphql",
            {
              query: `# ${id}
              query($r: ID, $n: Int) { products(first: $n, regionId: $r) { nodes { id
               variants { id sku price { amount } inventoryQuantity inStock options { option value } }
               options { title values } reviewSummary { average count histogram } } } }`,
              variables: { r: demo.regions.eur, n },
            },
            { headers: { ...store().headers, "x-request-id": id } }
          )
          measuring = undefined
          expect(res.data.errors).toBeUndefined()
          expect(res.headers["x-cache"]).toBe("MISS")
          return { data: res.data.data, queries: count }
        }
        await page(20) // warm caches that are not per request
        pg.on("query", listener)
        try {
          const { queries: five } = await page(5)
          const { data: twenty, queries: forTwenty } = await page(20)
          expect(twenty.products.nodes).toHaveLength(20)
          expect(forTwenty).toBeGreaterThan(0)
          expect(forTwenty).toBe(five)
          // Printed for the closing note of issue 16.
          process.stdout.write(`[graphql] 20-product page: ${forTwenty} SQL queries\n`)
        } finally {
          pg.removeListener("query", listener)
        }
      })
    })

    describe("checkout through /graphql alone", () => {
      it("completes a guest checkout with the totals REST reports for the order", async () => {
        const email = `guest-${Date.now()}@example.com`
        const { cart, order } = await checkout(store(), email)
        expect(order.id).toMatch(/^order_/)
        expect(order.email).toBe(email)
        expect(order.total).toBe(cart.total)
        const rest = await api.get(`/store/orders/${order.id}`, store())
        expect(rest.data.order.total).toBe(order.total)
        const again = await ok(
          `query($id: ID!) { order(id: $id) { id total items { quantity } } }`,
          {
            id: order.id,
          }
        )
        expect(again.order).toMatchObject({ id: order.id, total: order.total })
      })

      it("registers, logs in and completes a customer checkout; me lists the order", async () => {
        const email = `gql-${Date.now()}@example.com`
        const reg = await ok(
          `mutation($i: CustomerRegisterInput!) { customerRegister(input: $i) { token customer { id email } } }`,
          { i: { email, password: "Correct-Horse-Battery-9", firstName: "Gail" } }
        )
        expect(reg.customerRegister.customer.email).toBe(email)
        const login = await ok(
          `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`,
          { e: email, p: "Correct-Horse-Battery-9" }
        )
        const headers = {
          headers: { ...store().headers, authorization: `Bearer ${login.login.token}` },
        }
        const me = await ok("{ me { id email firstName } }", {}, headers)
        expect(me.me).toMatchObject({ email, firstName: "Gail" })
        const { order } = await checkout(headers)
        expect(order.customerId).toBe(me.me.id)
        const mine = await ok("{ me { orders { id total } } }", {}, headers)
        expect(mine.me.orders.map((o: any) => o.id)).toContain(order.id)
        const updated = await ok(
          `mutation { customerUpdate(input: { lastName: "Graph" }) { lastName } }`,
          {},
          headers
        )
        expect(updated.customerUpdate.lastName).toBe("Graph")
        // The token works on REST too: one auth for both APIs.
        expect((await api.get("/store/customers/me", headers)).data.customer.last_name).toBe(
          "Graph"
        )
      })
    })

    describe("cart writes on the lean workflows (leanCheckout, as REST)", () => {
      const LEAN = [
        "lean-create-cart",
        "lean-add-to-cart",
        "lean-update-cart",
        "lean-add-shipping-method-to-cart",
      ]
      const leanRuns = async () => {
        const text: string = (await api.get("/metrics")).data
        return Object.fromEntries(LEAN.map((name) => [name, succeededRuns(text, name)]))
      }

      it("creates, fills, addresses and ships a cart through them, ending with Medusa's cart", async () => {
        const gqlOk = graphqlClient(api)
        const variantId = variants.inStock[0].id
        const email = `lean-gql-${Date.now()}@example.com`
        const before = await leanRuns()

        const created = await gqlOk(
          `mutation($input: CartCreateInput!) { cartCreate(input: $input) { id } }`,
          { input: { regionId: demo.regions.eur } },
          store()
        )
        const gqlCart: string = created.cartCreate.id
        await gqlOk(
          `mutation($c: ID!, $v: ID!) { lineItemAdd(cartId: $c, variantId: $v, quantity: 2) { id } }`,
          { c: gqlCart, v: variantId },
          store()
        )
        await gqlOk(
          `mutation($id: ID!, $input: CartUpdateInput!) { cartUpdate(id: $id, input: $input) { id } }`,
          {
            id: gqlCart,
            input: { email, shippingAddress: gqlAddress, billingAddress: gqlAddress },
          },
          store()
        )
        const { shippingOptions } = await gqlOk(
          `query($c: ID!) { shippingOptions(cartId: $c) { id name } }`,
          { c: gqlCart },
          store()
        )
        const option = shippingOptions[0].id as string
        await gqlOk(
          `mutation($c: ID!, $o: ID!) { shippingMethodAdd(cartId: $c, optionId: $o) { id } }`,
          { c: gqlCart, o: option },
          store()
        )

        const after = await leanRuns()
        for (const name of LEAN) {
          expect({ name, runs: after[name] - before[name] }).toEqual({ name, runs: 1 })
        }

        // The same writes through Medusa's own workflows give the same cart.
        const container = getContainer()
        const { result } = await createCartWorkflow(container).run({
          input: { region_id: demo.regions.eur, sales_channel_id: demo.salesChannelId },
        })
        const coreCart = result.id
        await addToCartWorkflow(container).run({
          input: { cart_id: coreCart, items: [{ variant_id: variantId, quantity: 2 }] },
        })
        await updateCartWorkflow(container).run({
          input: { id: coreCart, email, shipping_address: address, billing_address: address },
        })
        await addShippingMethodToCartWorkflow(container).run({
          input: { cart_id: coreCart, options: [{ id: option }] },
        })
        const read = async (id: string) =>
          normaliseIds((await api.get(`/store/carts/${id}`, store())).data.cart)
        expect(await read(gqlCart)).toEqual(await read(coreCart))
      })
    })

    describe("ownership: the REST rule, one implementation", () => {
      it("hides another customer's cart and order and refuses writes with 404", async () => {
        const alice = await registerCustomer(api, store().headers)
        const bob = await registerCustomer(api, store().headers)
        const cart = await cartReadyToComplete(api, alice.headers, {
          regionId: demo.regions.eur,
          variantId: variants.inStock[1].id,
        })
        const order = (await api.post(`/store/carts/${cart.id}/complete`, {}, alice.headers)).data
          .order
        const aliceCart = (
          await api.post("/store/carts", { region_id: demo.regions.eur }, alice.headers)
        ).data.cart
        expect((await failing(api.get(`/store/carts/${aliceCart.id}`, bob.headers))).status).toBe(
          404
        )
        const seen = await ok(
          `query($c: ID!, $o: ID!) { cart(id: $c) { id } order(id: $o) { id } }`,
          { c: aliceCart.id, o: order.id },
          bob.headers
        )
        expect(seen).toEqual({ cart: null, order: null })
        const anon = await ok(`query($o: ID!) { order(id: $o) { id } }`, { o: order.id })
        expect(anon.order).toBeNull()
        const own = await ok(
          `query($o: ID!) { order(id: $o) { id total } }`,
          { o: order.id },
          alice.headers
        )
        expect(own.order.total).toBe(order.total)
        const write = await gql(
          `mutation($c: ID!, $v: ID!) { lineItemAdd(cartId: $c, variantId: $v, quantity: 1) { id } }`,
          { c: aliceCart.id, v: variants.inStock[0].id },
          bob.headers
        )
        expect(write.errors?.[0].extensions).toMatchObject({ status: 404, code: "not_found" })
        const restCart = await api.get(`/store/carts/${aliceCart.id}`, alice.headers)
        expect(restCart.data.cart.items).toHaveLength(0)
      })
    })

    describe("wishlist and reviews through GraphQL", () => {
      it("adds, lists (priced like REST), moves to cart and removes wishlist items", async () => {
        const shopper = await registerCustomer(api, store().headers)
        const variantId = variants.inStock[2].id
        const add = `mutation($v: ID!) { wishlistItemAdd(variantId: $v) { id variantId created } }`
        const first = await ok(add, { v: variantId }, shopper.headers)
        expect(first.wishlistItemAdd).toMatchObject({ variantId, created: true })
        const again = await ok(add, { v: variantId }, shopper.headers)
        expect(again.wishlistItemAdd).toMatchObject({
          id: first.wishlistItemAdd.id,
          created: false,
        })
        const list = await ok(
          `query($r: ID) { wishlist(regionId: $r) { id items { id variantId variant { price { amount } } } } }`,
          { r: demo.regions.eur },
          shopper.headers
        )
        const rest = await api.get(
          `/store/customers/me/wishlist?region_id=${demo.regions.eur}`,
          shopper.headers
        )
        expect(list.wishlist.id).toBe(rest.data.wishlist.id)
        expect(list.wishlist.items.map((i: any) => i.variant.price.amount)).toEqual(
          rest.data.wishlist.items.map((i: any) => i.variant.calculated_price.calculated_amount)
        )
        const anon = await gql("{ wishlist { id } }")
        expect(anon.errors?.[0].extensions?.status).toBe(401)
        const cart = (
          await api.post("/store/carts", { region_id: demo.regions.eur }, shopper.headers)
        ).data.cart
        const moved = await ok(
          `mutation($i: ID!, $c: ID!) { wishlistItemMoveToCart(itemId: $i, cartId: $c) { id items { variantId } } }`,
          { i: first.wishlistItemAdd.id, c: cart.id },
          shopper.headers
        )
        expect(moved.wishlistItemMoveToCart.items.map((i: any) => i.variantId)).toContain(variantId)
        const second = await ok(add, { v: variants.inStock[3].id }, shopper.headers)
        const removed = await ok(
          `mutation($i: ID!) { wishlistItemRemove(itemId: $i) }`,
          { i: second.wishlistItemAdd.id },
          shopper.headers
        )
        expect(removed.wishlistItemRemove).toBe(second.wishlistItemAdd.id)
        const foreign = await gql(
          `mutation($i: ID!) { wishlistItemRemove(itemId: $i) }`,
          { i: second.wishlistItemAdd.id },
          (await registerCustomer(api, store().headers)).headers
        )
        expect(foreign.errors?.[0].extensions?.status).toBe(404)
      })

      it("lists reviews like REST, writes and deletes the caller's review, counts a helpful vote", async () => {
        const page = await ok(
          "{ products(first: 48) { nodes { id reviewSummary { count average } } } }"
        )
        const reviewed = page.products.nodes.find((p: any) => p.reviewSummary.count > 0)
        expect(reviewed).toBeDefined()
        const listed = await ok(
          `query($p: ID!) { reviews(productId: $p, first: 10) { count nodes { id rating helpfulCount authorName } } }`,
          { p: reviewed.id }
        )
        const rest = await api.get(`/store/products/${reviewed.id}/reviews?limit=10`, store())
        expect(listed.reviews.count).toBe(rest.data.count)
        expect(listed.reviews.nodes.map((r: any) => r.id)).toEqual(
          rest.data.reviews.map((r: any) => r.id)
        )
        const summary = await api.get(`/store/products/${reviewed.id}/reviews/summary`, store())
        expect(reviewed.reviewSummary.count).toBe(summary.data.summary.count)
        const voter = await registerCustomer(api, store().headers)
        const target = listed.reviews.nodes[0]
        const vote = await ok(
          `mutation($r: ID!) { reviewHelpful(reviewId: $r) }`,
          { r: target.id },
          voter.headers
        )
        expect(vote.reviewHelpful).toBe(target.helpfulCount + 1)

        const author = await registerCustomer(api, store().headers)
        const product = page.products.nodes[5].id
        const written = await ok(
          `mutation($p: ID!, $i: ReviewInput!) { reviewUpsert(productId: $p, input: $i) { id status created rating } }`,
          {
            p: product,
            i: { rating: 4, title: "Nice and warm", body: "Fits well and washes fine." },
          },
          author.headers
        )
        expect(written.reviewUpsert).toMatchObject({ rating: 4, created: true })
        const mine = await api.get(`/store/products/${product}/reviews/me`, author.headers)
        expect(mine.data.review.id).toBe(written.reviewUpsert.id)
        const bad = await gql(
          `mutation($p: ID!, $i: ReviewInput!) { reviewUpsert(productId: $p, input: $i) { id } }`,
          { p: product, i: { rating: 9, title: "x", body: "y" } },
          author.headers
        )
        expect(bad.errors?.[0].extensions?.status).toBe(400)
        const deleted = await ok(
          `mutation($p: ID!) { reviewDelete(productId: $p) }`,
          { p: product },
          author.headers
        )
        expect(deleted.reviewDelete).toBe(written.reviewUpsert.id)
        expect(
          (await failing(api.get(`/store/products/${product}/reviews/me`, author.headers))).status
        ).toBe(404)
      })
    })

    describe("brute force and limits", () => {
      it("counts every aliased login as one attempt and locks like REST", async () => {
        const victim = await registerCustomer(api, store().headers)
        const aliases = Array.from(
          { length: 10 },
          (_, i) => `a${i}: login(email: $e, password: "wrong-${i}") { token }`
        ).join("\n")
        const res = await gql(`mutation($e: String!) { ${aliases} }`, { e: victim.email })
        const statuses = (res.errors ?? []).map((e) => e.extensions?.status)
        // 9 failures per account and client (AUTH_MAX_FAILURES_PER_ACCOUNT), then locked.
        expect(statuses.filter((s) => s === 401)).toHaveLength(9)
        expect(statuses.filter((s) => s === 429)).toHaveLength(1)
        // The lock holds on REST for this client, even with the right password.
        const rest = await failing(
          api.post("/auth/customer/emailpass", { email: victim.email, password: victim.password })
        )
        expect(rest.status).toBe(429)
      })

      it("refuses alias bombs, deep, costly and malformed documents and huge variables with 4xx", async () => {
        const hundred = Array.from({ length: 100 }, (_, i) => `l${i}: regions { id }`).join(" ")
        const cases = [
          `{ ${hundred} }`,
          `{ me { orders { items { id } } } ${"".padEnd(10, " ")} }`.replace(
            "items { id }",
            "items { id }"
          ),
          "{ products { nodes { id ",
          "query { nope }",
          `{ products(first: 100) { nodes { ${Array.from({ length: 400 }, (_, i) => `f${i}: id`).join(" ")} } } }`,
          `{ __typename ${"@skip(if: false) ".repeat(60)} }`,
        ]
        for (const query of cases) {
          const res = await gql(query)
          expect([query.slice(0, 40), res.status < 500]).toEqual([query.slice(0, 40), true])
          if (query.startsWith("{ me")) continue
          expect(res.errors?.length).toBeGreaterThan(0)
        }
        const deep = "{ me { orders { items { id } } } }"
        expect((await gql(deep)).status).toBe(200)
        const huge = await gql("query($q: String) { products(filter: { q: $q }) { count } }", {
          q: "x".repeat(300_000),
        })
        expect(huge.status).toBe(413)
        const alias = await gql(`{ ${hundred} }`)
        expect(alias.errors?.[0].message).toMatch(/alias/i)
      })

      it("serves introspection outside production", async () => {
        const res = await ok("{ __schema { queryType { name } } }")
        expect(res.__schema.queryType.name).toBe("Query")
      })
    })
    describe("customer addresses and wishlist sharing through GraphQL", () => {
      const ADDRESS_FIELDS = `id addressName firstName lastName company address1 address2 city
        postalCode province countryCode phone isDefaultShipping isDefaultBilling`
      const create = `mutation($input: CustomerAddressInput!) { customerAddressCreate(input: $input) {
        address { ${ADDRESS_FIELDS} } customer { id addresses { id } } } }`
      const update = `mutation($id: ID!, $input: CustomerAddressInput!) {
        customerAddressUpdate(id: $id, input: $input) { address { ${ADDRESS_FIELDS} } } }`
      const remove = `mutation($id: ID!) { customerAddressDelete(id: $id) { id customer { addresses { id } } } }`
      /** REST's address in the GraphQL shape, to compare the two doors' data. */
      const asGql = (a: any) => ({
        id: a.id,
        addressName: a.address_name,
        firstName: a.first_name,
        lastName: a.last_name,
        company: a.company,
        address1: a.address_1,
        address2: a.address_2,
        city: a.city,
        postalCode: a.postal_code,
        province: a.province,
        countryCode: a.country_code,
        phone: a.phone,
        isDefaultShipping: a.is_default_shipping,
        isDefaultBilling: a.is_default_billing,
      })
      const restAddresses = async (headers: Headers) =>
        (await api.get("/store/customers/me/addresses", headers)).data.addresses as any[]

      it("creates, updates and deletes an address with the data REST shows", async () => {
        const shopper = await registerCustomer(api, store().headers)
        const made = await ok(
          create,
          {
            input: {
              addressName: "Home",
              firstName: "Ada",
              lastName: "Lovelace",
              address1: "Keizersgracht 1",
              city: "Amsterdam",
              postalCode: "1015",
              countryCode: "nl",
              phone: "+31 20 000 0000",
              isDefaultShipping: true,
              metadata: { floor: 2 },
            },
          },
          shopper.headers
        )
        const address = made.customerAddressCreate.address
        expect(address).toMatchObject({ addressName: "Home", city: "Amsterdam" })
        expect(made.customerAddressCreate.customer.addresses.map((a: any) => a.id)).toEqual([
          address.id,
        ])
        // REST lists exactly what GraphQL wrote, field for field.
        let rest = await restAddresses(shopper.headers)
        expect(rest.map(asGql)).toEqual([address])
        expect(rest[0]).toMatchObject({ is_default_shipping: true, metadata: { floor: 2 } })

        const changed = await ok(
          update,
          {
            id: address.id,
            input: { city: "Utrecht", postalCode: "3511", isDefaultBilling: true },
          },
          shopper.headers
        )
        expect(changed.customerAddressUpdate.address).toMatchObject({
          id: address.id,
          city: "Utrecht",
          postalCode: "3511",
          address1: "Keizersgracht 1",
          isDefaultBilling: true,
        })
        rest = await restAddresses(shopper.headers)
        expect(rest.map(asGql)).toEqual([changed.customerAddressUpdate.address])
        // What REST writes, GraphQL's me shows the same way.
        const restMade = await api.post(
          "/store/customers/me/addresses",
          { first_name: "Rest", city: "Leiden", country_code: "nl", postal_code: "2311" },
          shopper.headers
        )
        const restAddress = restMade.data.customer.addresses.find((a: any) => a.city === "Leiden")
        const me = await ok(`{ me { addresses { ${ADDRESS_FIELDS} } } }`, {}, shopper.headers)
        expect(me.me.addresses.find((a: any) => a.id === restAddress.id)).toEqual(
          asGql(restAddress)
        )

        const gone = await ok(remove, { id: address.id }, shopper.headers)
        expect(gone.customerAddressDelete.id).toBe(address.id)
        expect(gone.customerAddressDelete.customer.addresses.map((a: any) => a.id)).toEqual([
          restAddress.id,
        ])
        expect((await restAddresses(shopper.headers)).map((a) => a.id)).toEqual([restAddress.id])
        // Deleting it again is a 404, as REST's DELETE of a deleted address.
        const again = await gql(remove, { id: address.id }, shopper.headers)
        expect(again.errors?.[0].extensions).toMatchObject({ status: 404, code: "not_found" })
        const restAgain = await failing(
          api.delete(`/store/customers/me/addresses/${address.id}`, shopper.headers)
        )
        expect(restAgain.status).toBe(404)
      })

      it("refuses another customer's address like REST, anonymous callers like the other me mutations", async () => {
        const owner = await registerCustomer(api, store().headers)
        const other = await registerCustomer(api, store().headers)
        const made = await ok(
          create,
          { input: { firstName: "Own", city: "Delft", countryCode: "nl" } },
          owner.headers
        )
        const id = made.customerAddressCreate.address.id
        const restUpdate = await failing(
          api.post(`/store/customers/me/addresses/${id}`, { city: "Stolen" }, other.headers)
        )
        expect(restUpdate.status).toBe(404)
        const upd = await gql(update, { id, input: { city: "Stolen" } }, other.headers)
        expect(upd.data).toBeNull()
        expect(upd.errors?.[0].extensions).toMatchObject({ status: 404, code: "not_found" })
        expect(upd.errors?.[0].message).toBe(restUpdate.data.message)
        const del = await gql(remove, { id }, other.headers)
        expect(del.errors?.[0].extensions).toMatchObject({ status: 404, code: "not_found" })
        // The owner's address is untouched.
        expect((await restAddresses(owner.headers)).map((a) => [a.id, a.city])).toEqual([
          [id, "Delft"],
        ])

        const profile = await gql(`mutation { customerUpdate(input: { firstName: "X" }) { id } }`)
        const anonymous = [
          await gql(create, { input: { city: "Anon" } }),
          await gql(update, { id, input: { city: "Anon" } }),
          await gql(remove, { id }),
          await gql(`mutation { wishlistShare }`),
          await gql(`mutation { wishlistShareRevoke }`),
        ]
        expect(profile.errors?.[0].extensions).toMatchObject({ status: 401 })
        for (const res of anonymous) {
          expect(res.errors?.[0].extensions).toEqual(profile.errors?.[0].extensions)
        }
        expect((await restAddresses(owner.headers)).map((a) => a.city)).toEqual(["Delft"])
      })

      it("refuses oversized, unknown and NUL input like REST's validators and rules", async () => {
        const shopper = await registerCustomer(api, store().headers)
        const long = "x".repeat(256)
        const res = await gql(create, { input: { address1: long } }, shopper.headers)
        expect(res.errors?.[0].extensions).toMatchObject({ status: 400, code: "invalid_data" })
        expect(res.errors?.[0].message).toMatch(/address_1 must be at most 255 characters/)
        const rest = await failing(
          api.post("/store/customers/me/addresses", { address_1: long }, shopper.headers)
        )
        expect([rest.status, rest.data.message]).toEqual([
          400,
          "address_1 must be at most 255 characters",
        ])
        // Exactly at the bound both doors take it.
        const edge = await ok(create, { input: { address1: "y".repeat(255) } }, shopper.headers)
        expect(edge.customerAddressCreate.address.address1).toHaveLength(255)
        const bad: Array<[string, Record<string, unknown>, RegExp]> = [
          [create, { input: { metadata: { blob: "m".repeat(5000) } } }, /metadata must be at most/],
          // A NUL in a JSON body is refused by the /* middleware; a GraphQL escape gets here.
          [
            `mutation { customerAddressCreate(input: { city: "a\\u0000b" }) { address { id } } }`,
            {},
            /NUL/,
          ],
          [update, { id: edge.customerAddressCreate.address.id, input: { phone: long } }, /phone/],
          [update, { id: "a".repeat(2000), input: { city: "x" } }, /was not found/],
          [remove, { id: "cuaddr_does_not_exist" }, /was not found/],
          [create, { input: { nope: "x" } }, /nope/],
        ]
        for (const [doc, variables, message] of bad) {
          const r = await gql(doc, variables, shopper.headers)
          const label = JSON.stringify(variables).slice(0, 60)
          expect([label, r.status < 500, r.errors?.[0].message]).toEqual([
            label,
            true,
            expect.stringMatching(message),
          ])
          expect(r.errors?.[0].extensions?.status).toBeLessThan(500)
        }
        expect((await restAddresses(shopper.headers)).map((a) => a.address_1)).toEqual([
          "y".repeat(255),
        ])
      })

      it("shares the wishlist by token, reads it through sharedWishlist, and revokes it", async () => {
        const owner = await registerCustomer(api, store().headers, { first_name: "Grace" })
        const variantId = variants.inStock[1].id
        await ok(
          `mutation($v: ID!) { wishlistItemAdd(variantId: $v) { id } }`,
          { v: variantId },
          owner.headers
        )
        const shared = await ok(`mutation { wishlistShare }`, {}, owner.headers)
        const token: string = shared.wishlistShare
        expect(token).toMatch(/^\S{20,}$/)
        // Idempotent, and the same token REST reports.
        expect((await ok(`mutation { wishlistShare }`, {}, owner.headers)).wishlistShare).toBe(
          token
        )
        const restShare = await api.post("/store/customers/me/wishlist/share", {}, owner.headers)
        expect(restShare.data.share_token).toBe(token)
        const own = await ok(`{ wishlist { shareToken } }`, {}, owner.headers)
        expect(own.wishlist.shareToken).toBe(token)

        const read = `query($t: String!, $r: ID) { sharedWishlist(token: $t, regionId: $r) {
          ownerFirstName items { variantId variant { price { amount } } } } }`
        // Anyone with the link (here: anonymous) reads it.
        const seen = await ok(read, { t: token, r: demo.regions.eur })
        expect(seen.sharedWishlist.ownerFirstName).toBe("Grace")
        expect(seen.sharedWishlist.items.map((i: any) => i.variantId)).toEqual([variantId])
        expect((await api.get(`/store/wishlists/shared/${token}`, store())).status).toBe(200)

        const revoked = await ok(`mutation { wishlistShareRevoke }`, {}, owner.headers)
        expect(revoked.wishlistShareRevoke).toBe(true)
        const after = await gql(read, { t: token })
        expect(after.data).toBeNull()
        expect(after.errors?.[0].extensions).toMatchObject({ status: 404, code: "not_found" })
        expect((await failing(api.get(`/store/wishlists/shared/${token}`, store()))).status).toBe(
          404
        )
        expect(
          (await ok(`{ wishlist { shareToken } }`, {}, owner.headers)).wishlist.shareToken
        ).toBe(null)
        // Revoking again changes nothing and still answers true; a new share is a new token.
        expect(
          (await ok(`mutation { wishlistShareRevoke }`, {}, owner.headers)).wishlistShareRevoke
        ).toBe(true)
        const fresh = (await ok(`mutation { wishlistShare }`, {}, owner.headers)).wishlistShare
        expect(fresh).not.toBe(token)
        expect((await gql(read, { t: token })).errors?.[0].extensions?.status).toBe(404)
      })
    })

    describe("catalog cache (shared with REST's /store catalog)", () => {
      type Sent = { status: number; body: any; cache?: string; etag?: string }

      /** POSTs an operation and answers the body with the cache header, never throwing. */
      async function send(
        query: string,
        variables: Record<string, unknown> = {},
        headers: Headers = store()
      ): Promise<Sent> {
        try {
          const res = await api.post("/graphql", { query, variables }, headers)
          return {
            status: res.status,
            body: res.data,
            cache: res.headers["x-cache"],
            etag: res.headers.etag,
          }
        } catch (e: any) {
          if (!e.response) throw e
          return {
            status: e.response.status,
            body: e.response.data,
            cache: e.response.headers["x-cache"],
          }
        }
      }

      const PAGE = `query Page($r: ID) { products(first: 5, regionId: $r) { count nodes { id title
        variants { id price { amount currencyCode } inStock } reviewSummary { count } } } }`

      const PRODUCT = `query One($h: String!, $r: ID) { product(handle: $h, regionId: $r) { id title
        variants { id price { amount currencyCode } } } }`

      /** Polls until `check` passes; the target is visibility within 1 s, as REST's. */
      async function within1s(check: () => Promise<boolean>) {
        const started = Date.now()
        while (!(await check())) {
          if (Date.now() - started > 1000) throw new Error("not visible within 1 s")
          await new Promise((r) => setTimeout(r, 25))
        }
      }

      async function firstProduct() {
        const { data } = await api.get(
          `/store/products?limit=1&order=created_at&region_id=${demo.regions.eur}&fields=*variants.calculated_price`,
          store()
        )
        return data.products[0]
      }

      it("answers an anonymous catalog query MISS, then HIT with the same bytes and ETag", async () => {
        const before = catalogCacheStats()
        const first = await send(PAGE, { r: demo.regions.eur })
        const second = await send(PAGE, { r: demo.regions.eur })
        expect([first.status, first.cache]).toEqual([200, "MISS"])
        expect([second.status, second.cache]).toEqual([200, "HIT"])
        expect(first.body.errors).toBeUndefined()
        expect(second.body).toEqual(first.body)
        expect(second.body.data.products.nodes).toHaveLength(5)
        expect(second.etag).toBe(first.etag)
        const after = catalogCacheStats()
        expect(after.hits).toBeGreaterThan(before.hits)
        expect(after.misses).toBeGreaterThan(before.misses)
        // The key was accepted by Medusa on the miss: the hit skipped its lookup (early lane).
        expect(after.earlyHits).toBeGreaterThan(before.earlyHits)
        // The key covers variables, operation name, document text and publishable key.
        expect((await send(PAGE, { r: demo.regions.usd })).cache).toBe("MISS")
        const usd = (await send(PAGE, { r: demo.regions.usd })).body.data.products.nodes
        expect(usd[0].variants[0].price.currencyCode).toBe("usd")
        expect((await send(`${PAGE}\n# another document`, { r: demo.regions.eur })).cache).toBe(
          "MISS"
        )
        const unknownKey = await send(
          PAGE,
          { r: demo.regions.eur },
          {
            headers: { "x-publishable-api-key": "pk_nope" },
          }
        )
        expect(unknownKey.status).toBe(400)
        expect(unknownKey.cache).not.toBe("HIT")
      })

      it("never answers a logged-in customer from the cache (bearer or session)", async () => {
        await send(PAGE, { r: demo.regions.eur })
        expect((await send(PAGE, { r: demo.regions.eur })).cache).toBe("HIT")
        const customer = await registerCustomer(api, store().headers)
        for (let i = 0; i < 2; i++) {
          const asCustomer = await send(PAGE, { r: demo.regions.eur }, customer.headers)
          expect([asCustomer.status, asCustomer.cache]).toEqual([200, "BYPASS"])
        }
        const session = await api.post(
          "/auth/session",
          {},
          { headers: { authorization: `Bearer ${customer.token}` } }
        )
        const cookie = String(session.headers["set-cookie"]).split(";")[0]
        const withCookie = await send(
          PAGE,
          { r: demo.regions.eur },
          {
            headers: { ...store().headers, cookie },
          }
        )
        expect([withCookie.status, withCookie.cache]).toEqual([200, "BYPASS"])
      })

      it("never caches mutations, non-catalog fields or errors", async () => {
        const create = `mutation { cartCreate(input: { regionId: "${demo.regions.eur}" }) { id } }`
        const a = await send(create)
        const b = await send(create)
        expect(a.body.data.cartCreate.id).not.toBe(b.body.data.cartCreate.id)
        expect([a.cache, b.cache]).toEqual([undefined, undefined])
        // A catalog field beside a cart, the customer or an order: computed every time.
        for (const mixed of [
          `{ regions { id } cart(id: "${a.body.data.cartCreate.id}") { id } }`,
          `{ regions { id } me { id } }`,
          `query A { regions { id } } query B { me { id } }`,
        ]) {
          for (let i = 0; i < 2; i++) {
            const res = await api.post(
              "/graphql",
              { query: mixed, ...(mixed.includes("query B") ? { operationName: "B" } : {}) },
              store()
            )
            expect([mixed, res.headers["x-cache"]]).toEqual([mixed, undefined])
          }
        }
        // Errors (a 200 with `errors`, as a bad region answers) are never stored.
        for (let i = 0; i < 2; i++) {
          const bad = await send(`{ products(regionId: "reg_nope") { count } }`)
          expect(bad.body.errors?.[0].extensions?.status).toBe(400)
          expect(bad.cache).toBe("MISS")
        }
      })

      it("shows an admin title change at once (the REST invalidation)", async () => {
        const product = await firstProduct()
        const vars = { h: product.handle, r: demo.regions.eur }
        await send(PRODUCT, vars)
        const warm = await send(PRODUCT, vars)
        expect(warm.cache).toBe("HIT")
        expect(warm.body.data.product.title).toBe(product.title)
        const title = `Renamed ${Date.now()}`
        await api.post(`/admin/products/${product.id}`, { title }, demo.adminHeaders)
        await within1s(async () => (await send(PRODUCT, vars)).body.data.product.title === title)
        // And it is cached again under the new state.
        const again = await send(PRODUCT, vars)
        expect([again.cache, again.body.data.product.title]).toEqual(["HIT", title])
      })

      it("serves a scheduled sale from its start, though the price before it was cached", async () => {
        const product = await firstProduct()
        const variant = product.variants[0]
        const base: number = variant.calculated_price.calculated_amount
        const sale = Math.max(1, Math.round(base / 2))
        expect(sale).not.toBe(base)
        const vars = { h: product.handle, r: demo.regions.eur }
        type Sample = { t0: number; t1: number; amount: number; cache?: string }
        const sample = async (): Promise<Sample> => {
          const t0 = Date.now()
          const res = await send(PRODUCT, vars)
          const t1 = Date.now()
          const v = res.body.data.product.variants.find((x: any) => x.id === variant.id)
          return { t0, t1, amount: v.price.amount, cache: res.cache }
        }
        // Sized from one sample, so a loaded machine still gets whole samples before the start.
        const probe = await sample()
        const took = probe.t1 - probe.t0
        const startsAt = Date.now() + Math.max(2500, 6 * took)
        await api.post(
          "/admin/price-lists",
          {
            title: "GraphQL flash sale",
            description: "scheduled",
            type: "sale",
            status: "active",
            starts_at: new Date(startsAt).toISOString(),
            prices: [{ variant_id: variant.id, currency_code: "eur", amount: sale }],
          },
          demo.adminHeaders
        )
        // Nothing announces the start: the cached entry must end there by itself.
        const samples: Sample[] = []
        while (Date.now() < startsAt + Math.max(1500, 3 * took)) {
          samples.push(await sample())
          await new Promise((r) => setTimeout(r, 50))
        }
        // A sample that straddles the start may legitimately see either price.
        const clear = samples.filter((s) => !(s.t0 - 20 <= startsAt && startsAt <= s.t1 + 20))
        const seen = clear.map((s) => ({ at: s.t0 - startsAt, amount: s.amount }))
        expect(seen).toEqual(
          clear.map((s) => ({ at: s.t0 - startsAt, amount: s.t0 > startsAt ? sale : base }))
        )
        const before = clear.filter((s) => s.t1 < startsAt)
        const during = clear.filter((s) => s.t0 > startsAt)
        // The price before the start was served from the cache, and so is the sale price.
        expect(before.some((s) => s.cache === "HIT")).toBe(true)
        expect(during.some((s) => s.cache === "HIT")).toBe(true)
      })
    })
  },
})
