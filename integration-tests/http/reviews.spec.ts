import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  type Demo,
  failing,
  findVariants,
  registerCustomer,
  seedForTests,
  cartReadyToComplete,
} from "../helpers/fixtures"
import { workflowHookLog } from "../helpers/workflow-hooks"

jest.setTimeout(180 * 1000)

const good = {
  rating: 4,
  title: "Does what it says",
  body: "Comfortable and well made, would buy again.",
}

medusaIntegrationTestRunner({
  inApp: true,
  env: { REVIEWS_AUTO_APPROVE_VERIFIED: "true" },
  testSuite: ({ api, getContainer }) => {
    let demo: Demo
    let variants: Awaited<ReturnType<typeof findVariants>>
    let products: { id: string; handle: string }[]
    const events: { name: string; id: string }[] = []

    beforeAll(async () => {
      demo = await seedForTests(getContainer())
      variants = await findVariants(getContainer())
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph({
        entity: "product",
        fields: ["id", "handle"],
        pagination: { order: { handle: "ASC" } },
      })
      products = data
      const bus = getContainer().resolve(Modules.EVENT_BUS)
      for (const name of ["review.created", "review.approved", "review.rejected"]) {
        bus.subscribe(name, async (msg: any) => {
          events.push({ name, id: msg.data?.id ?? msg.id })
        })
      }
    })

    const store = () => demo.storeHeaders
    const admin = () => demo.adminHeaders
    // Demo reviews sit on the first four products (handle order); these have none.
    const fresh = (n: number) => products[10 + n].id

    async function checkout(headers: any, email: string, variantId: string) {
      const cart = await cartReadyToComplete(api, headers, {
        regionId: demo.regions.eur,
        variantId,
        email,
      })
      const done = await api.post(`/store/carts/${cart.id}/complete`, {}, headers)
      expect(done.data.type).toBe("order")
      return done.data.order
    }

    async function adminReviews(params: string) {
      return (await api.get(`/admin/reviews?${params}`, admin())).data
    }

    describe("store: reading", () => {
      it("lists approved reviews only, sorted and paginated, without private data", async () => {
        const p0 = products[0].id
        const list = await api.get(`/store/products/${p0}/reviews`, store())
        expect(list.data.count).toBe(3)
        for (const r of list.data.reviews) {
          expect(Object.keys(r).sort()).toEqual(
            [
              "author_name",
              "body",
              "created_at",
              "helpful_count",
              "id",
              "product_id",
              "rating",
              "title",
              "updated_at",
              "verified_purchase",
            ].sort()
          )
        }
        expect(JSON.stringify(list.data)).not.toMatch(/@example\.com|cus_|pending/)
        expect(list.data.reviews.map((r: any) => r.author_name).sort()).toEqual([
          "Lea M.",
          "Mila J.",
          "Noah S.",
        ])
        const lowest = await api.get(`/store/products/${p0}/reviews?sort=lowest`, store())
        expect(lowest.data.reviews.map((r: any) => r.rating)).toEqual([4, 5, 5])
        const highest = await api.get(`/store/products/${p0}/reviews?sort=highest`, store())
        expect(highest.data.reviews[0].rating).toBe(5)
        const page = await api.get(`/store/products/${p0}/reviews?limit=2&offset=2`, store())
        expect(page.data.reviews).toHaveLength(1)
        expect(page.data.count).toBe(3)
        const none = await api.get(`/store/products/${fresh(0)}/reviews`, store())
        expect(none.data).toMatchObject({ count: 0, reviews: [] })
      })

      it("summarises approved reviews for one product and for many in one call", async () => {
        const [p0, p1] = [products[0].id, products[1].id]
        const one = await api.get(`/store/products/${p0}/reviews/summary`, store())
        expect(one.data.summary).toEqual({
          product_id: p0,
          average: 4.67,
          count: 3,
          histogram: { "1": 0, "2": 0, "3": 0, "4": 1, "5": 2 },
        })
        const many = await api.get(
          `/store/reviews/summaries?product_id[]=${p0}&product_id[]=${p1}&product_id[]=${fresh(0)}`,
          store()
        )
        expect(many.data.summaries.map((s: any) => [s.product_id, s.count, s.average])).toEqual([
          [p0, 3, 4.67],
          [p1, 2, 3.5],
          [fresh(0), 0, 0],
        ])
        const single = await api.get(`/store/reviews/summaries?product_id=${p1}`, store())
        expect(single.data.summaries[0].count).toBe(2)
      })

      it("rejects bad list and summary queries with 400", async () => {
        const p0 = products[0].id
        for (const qs of ["limit=0", "limit=51", "offset=-1", "sort=random", "foo=bar"]) {
          const res = await failing(api.get(`/store/products/${p0}/reviews?${qs}`, store()))
          expect([qs, res.status]).toEqual([qs, 400])
          expect(res.data.message).toBeTruthy()
        }
        const missing = await failing(api.get(`/store/reviews/summaries`, store()))
        expect(missing.status).toBe(400)
        const ids = Array.from({ length: 51 }, (_, i) => `product_id[]=prod_${i}`).join("&")
        const tooMany = await failing(api.get(`/store/reviews/summaries?${ids}`, store()))
        expect(tooMany.status).toBe(400)
      })
    })

    describe("store: writing", () => {
      it("only a logged-in customer creates a review; a second POST edits it", async () => {
        const pid = fresh(1)
        const anon = await failing(api.post(`/store/products/${pid}/reviews`, good, store()))
        expect(anon.status).toBe(401)
        const a = await registerCustomer(api, store().headers)
        const created = await api.post(`/store/products/${pid}/reviews`, good, a.headers)
        expect(created.status).toBe(201)
        expect(created.data.review).toMatchObject({
          ...good,
          status: "pending",
          verified_purchase: false,
          order_id: null,
        })
        expect(events).toContainEqual({ name: "review.created", id: created.data.review.id })
        // Pending: not public, not counted.
        const list = await api.get(`/store/products/${pid}/reviews`, store())
        expect(list.data.count).toBe(0)
        const summary = await api.get(`/store/products/${pid}/reviews/summary`, store())
        expect(summary.data.summary.count).toBe(0)

        const edited = await api.post(
          `/store/products/${pid}/reviews`,
          { ...good, rating: 2, title: "  Changed my mind  " },
          a.headers
        )
        expect(edited.status).toBe(200)
        expect(edited.data.review).toMatchObject({
          id: created.data.review.id,
          rating: 2,
          title: "Changed my mind",
        })
        const all = await adminReviews(`product_id=${pid}`)
        expect(all.count).toBe(1)
        const me = await api.get(`/store/products/${pid}/reviews/me`, a.headers)
        expect(me.data.review).toMatchObject({ id: created.data.review.id, status: "pending" })
      })

      it("customer B cannot read, edit or delete customer A's review", async () => {
        const pid = fresh(2)
        const a = await registerCustomer(api, store().headers)
        const b = await registerCustomer(api, store().headers)
        const mine = (await api.post(`/store/products/${pid}/reviews`, good, a.headers)).data.review
        expect(
          (await failing(api.get(`/store/products/${pid}/reviews/me`, b.headers))).status
        ).toBe(404)
        expect(
          (await failing(api.delete(`/store/products/${pid}/reviews/me`, b.headers))).status
        ).toBe(404)
        // B's POST creates B's own review; A's is untouched.
        const theirs = await api.post(
          `/store/products/${pid}/reviews`,
          { ...good, rating: 1, title: "Hijack attempt" },
          b.headers
        )
        expect(theirs.status).toBe(201)
        expect(theirs.data.review.id).not.toBe(mine.id)
        const again = await api.get(`/store/products/${pid}/reviews/me`, a.headers)
        expect(again.data.review).toMatchObject({ id: mine.id, rating: 4, title: good.title })
        // Approved, A's review is public but still without A's identity.
        await api.post(`/admin/reviews/${mine.id}/approve`, {}, admin())
        const list = await api.get(`/store/products/${pid}/reviews`, store())
        expect(JSON.stringify(list.data)).not.toContain(a.email)
        expect(JSON.stringify(list.data)).not.toContain(a.customer.id)
        // Anonymous and admin-less callers get nothing.
        expect(
          (await failing(api.delete(`/store/products/${pid}/reviews/me`, store()))).status
        ).toBe(401)
        expect((await failing(api.get(`/admin/reviews`, a.headers))).status).toBe(401)
        expect((await failing(api.get(`/admin/reviews`))).status).toBe(401)
      })

      it("deletes the own review, after which the customer may review again", async () => {
        const pid = fresh(3)
        const a = await registerCustomer(api, store().headers)
        const first = (await api.post(`/store/products/${pid}/reviews`, good, a.headers)).data
          .review
        const del = await api.delete(`/store/products/${pid}/reviews/me`, a.headers)
        expect(del.data).toEqual({ id: first.id, object: "review", deleted: true })
        expect(
          (await failing(api.get(`/store/products/${pid}/reviews/me`, a.headers))).status
        ).toBe(404)
        const second = await api.post(`/store/products/${pid}/reviews`, good, a.headers)
        expect(second.status).toBe(201)
        expect(second.data.review.id).not.toBe(first.id)
      })

      it("rejects invalid reviews with 400/404 and stores nothing", async () => {
        const pid = fresh(4)
        const a = await registerCustomer(api, store().headers)
        const bad: [any, RegExp][] = [
          [{ ...good, rating: 0 }, /rating/i],
          [{ ...good, rating: 6 }, /rating/i],
          [{ ...good, rating: 3.5 }, /rating/i],
          [{ ...good, rating: "5" }, /rating/i],
          [{ ...good, title: "ab" }, /title/i],
          [{ ...good, title: "x".repeat(121) }, /title/i],
          [{ ...good, body: "too short" }, /body/i],
          [{ ...good, body: "y".repeat(5001) }, /body/i],
          [{ ...good, body: "Great <script>alert(1)</script> product" }, /plain text/i],
          [{ ...good, title: "<b>Bold</b> claim" }, /plain text/i],
          [{ ...good, body: "Nice, click javascript:alert(1) now" }, /plain text/i],
          [{ ...good, body: "Visit my casino for great deals" }, /not allowed/i],
          [{ ...good, status: "approved" }, /status|unrecognized/i],
          [{ ...good, verified_purchase: true }, /verified|unrecognized/i],
          [{ title: good.title, body: good.body }, /rating/i],
          [{ ...good, order_id: "order_not_mine" }, /order_id/i],
        ]
        for (const [body, message] of bad) {
          const res = await failing(api.post(`/store/products/${pid}/reviews`, body, a.headers))
          expect([JSON.stringify(body).slice(0, 60), res.status]).toEqual([
            JSON.stringify(body).slice(0, 60),
            400,
          ])
          expect(res.data.message).toMatch(message)
        }
        const unknown = await failing(
          api.post(`/store/products/prod_missing/reviews`, good, a.headers)
        )
        expect(unknown.status).toBe(404)
        expect((await adminReviews(`product_id=${pid}`)).count).toBe(0)
      })

      it("marks verified_purchase only after a placed order with the product (auto-approved)", async () => {
        const variant = variants.inStock[0]
        const pid = variant.product_id
        const buyer = await registerCustomer(api, store().headers)
        const other = await registerCustomer(api, store().headers)
        const order = await checkout(buyer.headers, buyer.email, variant.id)

        // A guest order with the same e-mail would not count; an order of B does not help A.
        const otherReview = await api.post(
          `/store/products/${pid}/reviews`,
          { ...good, title: "Did not buy it" },
          other.headers
        )
        expect(otherReview.data.review).toMatchObject({
          verified_purchase: false,
          status: "pending",
        })
        const stolen = await failing(
          api.post(`/store/products/${pid}/reviews`, { ...good, order_id: order.id }, other.headers)
        )
        expect(stolen.status).toBe(400)

        const review = await api.post(`/store/products/${pid}/reviews`, good, buyer.headers)
        expect(review.data.review).toMatchObject({
          verified_purchase: true,
          status: "approved",
          order_id: order.id,
        })
        expect(events).toContainEqual({ name: "review.approved", id: review.data.review.id })
        const list = await api.get(`/store/products/${pid}/reviews`, store())
        expect(list.data.reviews.map((r: any) => [r.id, r.verified_purchase])).toEqual([
          [review.data.review.id, true],
        ])
        // A product the buyer did not order stays unverified.
        const elsewhere = await api.post(`/store/products/${fresh(5)}/reviews`, good, buyer.headers)
        expect(elsewhere.data.review).toMatchObject({ verified_purchase: false, status: "pending" })
      })
    })

    describe("helpful votes", () => {
      it("counts a vote once per customer, never on the own or an unpublished review", async () => {
        const p0 = products[0].id
        const target = (await api.get(`/store/products/${p0}/reviews`, store())).data.reviews[2]
        const a = await registerCustomer(api, store().headers)
        const anon = await failing(api.post(`/store/reviews/${target.id}/helpful`, {}, store()))
        expect(anon.status).toBe(401)
        const first = await api.post(`/store/reviews/${target.id}/helpful`, {}, a.headers)
        expect(first.data).toEqual({ review_id: target.id, helpful_count: 1 })
        const twice = await failing(api.post(`/store/reviews/${target.id}/helpful`, {}, a.headers))
        expect(twice.status).toBe(422)
        expect(twice.data.message).toMatch(/already/i)
        const sorted = await api.get(`/store/products/${p0}/reviews?sort=most_helpful`, store())
        expect(sorted.data.reviews[0]).toMatchObject({ id: target.id, helpful_count: 1 })

        const own = (await api.post(`/store/products/${fresh(6)}/reviews`, good, a.headers)).data
          .review
        const b = await registerCustomer(api, store().headers)
        const pending = await failing(api.post(`/store/reviews/${own.id}/helpful`, {}, b.headers))
        expect(pending.status).toBe(404)
        await api.post(`/admin/reviews/${own.id}/approve`, {}, admin())
        const self = await failing(api.post(`/store/reviews/${own.id}/helpful`, {}, a.headers))
        expect(self.status).toBe(400)
        expect(self.data.message).toMatch(/own review/i)
        const missing = await failing(api.post(`/store/reviews/rev_missing/helpful`, {}, b.headers))
        expect(missing.status).toBe(404)
      })
    })

    describe("admin", () => {
      it("filters and paginates the moderation queue with customer and product details", async () => {
        const pending = await adminReviews("status=pending")
        expect(pending.count).toBe(3)
        expect(pending.reviews[0]).toMatchObject({
          status: "pending",
          customer: { email: expect.stringMatching(/^demo-reviewer-\d@example\.com$/) },
          product: { title: expect.any(String) },
        })
        expect((await adminReviews("status[]=pending&status[]=rejected")).count).toBe(3)
        expect((await adminReviews(`product_id=${products[0].id}`)).count).toBe(4)
        expect((await adminReviews("rating=5")).count).toBe(3)
        expect((await adminReviews("rating[]=1&rating[]=2")).count).toBe(2)
        expect((await adminReviews("verified_purchase=true")).count).toBe(0)
        expect((await adminReviews("verified_purchase=false")).count).toBe(9)
        const page = await adminReviews("limit=4&offset=8&order=rating")
        expect(page.reviews).toHaveLength(1)
        expect(page.reviews[0].rating).toBe(5)
        for (const qs of [
          "status=deleted",
          "rating=9",
          "verified_purchase=yes",
          "limit=0",
          "x=1",
        ]) {
          const res = await failing(api.get(`/admin/reviews?${qs}`, admin()))
          expect([qs, res.status]).toEqual([qs, 400])
        }
      })

      it("approves, rejects, bulk-moderates and deletes, emitting events", async () => {
        const p1 = products[1].id
        const queue = (await adminReviews("status=pending&order=created_at")).reviews
        const [r1, r2, r3] = queue.map((r: any) => r.id)

        const approved = await api.post(`/admin/reviews/${r1}/approve`, {}, admin())
        expect(approved.data.review).toMatchObject({ id: r1, status: "approved" })
        expect(events).toContainEqual({ name: "review.approved", id: r1 })
        const rejected = await api.post(`/admin/reviews/${r2}/reject`, {}, admin())
        expect(rejected.data.review.status).toBe("rejected")
        expect(events).toContainEqual({ name: "review.rejected", id: r2 })
        expect(
          (await failing(api.post(`/admin/reviews/rev_nope/approve`, {}, admin()))).status
        ).toBe(404)

        // All-or-nothing: an unknown id fails the batch and changes nothing.
        const partial = await failing(
          api.post("/admin/reviews/batch", { action: "approve", ids: [r3, "rev_nope"] }, admin())
        )
        expect(partial.status).toBe(404)
        expect((await adminReviews("status=pending")).count).toBe(1)
        for (const body of [
          { action: "approve", ids: [] },
          { action: "publish", ids: [r3] },
          { ids: [r3] },
          { action: "approve", ids: Array.from({ length: 101 }, (_, i) => `rev_${i}`) },
        ]) {
          expect((await failing(api.post("/admin/reviews/batch", body, admin()))).status).toBe(400)
        }
        const batch = await api.post(
          "/admin/reviews/batch",
          { action: "approve", ids: [r2, r3] },
          admin()
        )
        expect(batch.data).toMatchObject({ status: "approved" })
        expect(batch.data.changed.sort()).toEqual([r2, r3].sort())
        expect((await adminReviews("status=pending")).count).toBe(0)
        // Approved reviews now count in the store's summary.
        const before = (await api.get(`/store/products/${p1}/reviews/summary`, store())).data
          .summary
        expect(before.count).toBe(3)

        const del = await api.delete(`/admin/reviews/${r3}`, admin())
        expect(del.data).toEqual({ id: r3, object: "review", deleted: true })
        expect((await failing(api.delete(`/admin/reviews/${r3}`, admin()))).status).toBe(404)
        const summaries = await api.get(`/admin/reviews/summaries?product_id=${p1}`, admin())
        expect(summaries.data.summaries[0].count).toBeGreaterThanOrEqual(2)
      })
    })

    describe("concurrency", () => {
      it("keeps one review per customer and an exact summary under concurrent writes", async () => {
        const pid = fresh(7)
        const customers: Awaited<ReturnType<typeof registerCustomer>>[] = []
        for (let i = 0; i < 12; i++) customers.push(await registerCustomer(api, store().headers))
        const ratings = customers.map((_, i) => (i % 5) + 1)
        // Every customer submits three times at once, all customers in parallel.
        const results = await Promise.allSettled(
          customers.flatMap((c, i) =>
            [0, 1, 2].map(() =>
              api.post(`/store/products/${pid}/reviews`, { ...good, rating: ratings[i] }, c.headers)
            )
          )
        )
        const statuses = results.map((r) =>
          r.status === "fulfilled" ? r.value.status : (r.reason?.response?.status ?? 0)
        )
        expect(statuses.filter((s) => s >= 500)).toEqual([])
        const rows = await adminReviews(`product_id=${pid}&limit=100`)
        expect(rows.count).toBe(customers.length)
        const ids = rows.reviews.map((r: any) => r.id)
        // Approve in parallel, one request per review.
        await Promise.all(
          ids.map((id: string) => api.post(`/admin/reviews/${id}/approve`, {}, admin()))
        )
        const { summary } = (await api.get(`/store/products/${pid}/reviews/summary`, store())).data
        const expected = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 } as Record<string, number>
        for (const r of ratings) expected[String(r)]++
        expect(summary.count).toBe(12)
        expect(summary.histogram).toEqual(expected)
        const avg = ratings.reduce((a, b) => a + b, 0) / ratings.length
        expect(summary.average).toBeCloseTo(avg, 2)

        // Concurrent helpful votes: each customer clicks three times at once.
        const target = ids[0]
        const author = rows.reviews.find((r: any) => r.id === target).customer_id
        const voters = customers.filter((c) => c.customer.id !== author)
        const votes = await Promise.allSettled(
          voters.flatMap((c) =>
            [0, 1, 2].map(() => api.post(`/store/reviews/${target}/helpful`, {}, c.headers))
          )
        )
        const ok = votes.filter((v) => v.status === "fulfilled").length
        const codes = votes
          .filter((v): v is PromiseRejectedResult => v.status === "rejected")
          .map((v) => v.reason?.response?.status)
        expect(ok).toBe(voters.length)
        expect(new Set(codes)).toEqual(new Set([422]))
        const list = await api.get(`/store/products/${pid}/reviews?sort=most_helpful`, store())
        expect(list.data.reviews[0]).toMatchObject({ id: target, helpful_count: voters.length })
      })
    })

    // A consumer's hook handlers, registered the way docs/extending.md shows, in the
    // test-only plugin (integration-tests/test-routes/src/workflows/hooks/reviews.ts).
    describe("workflow hooks", () => {
      const hooks = workflowHookLog()
      beforeAll(() => hooks.enable())
      afterAll(() => hooks.disable())
      const review = (body: Record<string, unknown>, headers: any, pid: string) =>
        api.post(`/store/products/${pid}/reviews`, body, headers)

      it("validate rejects a review with 400 and stores nothing; a passing one is stored and reviewUpserted gets it", async () => {
        const pid = fresh(8)
        const a = await registerCustomer(api, store().headers)
        const rejected = await failing(
          review({ ...good, body: "  Softer than the competitor's pair.  " }, a.headers, pid)
        )
        expect(rejected.status).toBe(400)
        expect(rejected.data.message).toBe("Reviews may not mention a competitor")
        // The handler saw the review as it would have been stored: trimmed, not verified.
        expect(hooks.calls("upsert-review.validate")).toEqual([
          {
            hook: "upsert-review.validate",
            payload: {
              input: expect.objectContaining({ product_id: pid, customer_id: a.customer.id }),
              review: {
                product_id: pid,
                customer_id: a.customer.id,
                rating: good.rating,
                title: good.title,
                body: "Softer than the competitor's pair.",
                order_id: null,
                verified: false,
              },
              stored: 0,
            },
          },
        ])
        expect(hooks.calls("upsert-review.reviewUpserted")).toEqual([])
        expect((await adminReviews(`product_id=${pid}`)).count).toBe(0)
        expect(
          (await failing(api.get(`/store/products/${pid}/reviews/me`, a.headers))).status
        ).toBe(404)

        const additional_data = { source: "newsletter", campaign: { id: 7 } }
        const created = await review({ ...good, additional_data }, a.headers, pid)
        expect(created.status).toBe(201)
        const id = created.data.review.id
        expect(events).toContainEqual({ name: "review.created", id })
        expect(hooks.calls("upsert-review.validate")[1].payload.input.additional_data).toEqual(
          additional_data
        )
        const [after] = hooks.calls("upsert-review.reviewUpserted")
        expect(after.payload).toEqual({
          review: expect.objectContaining({
            id,
            product_id: pid,
            customer_id: a.customer.id,
            status: "pending",
            title: good.title,
          }),
          created: true,
          additional_data,
        })
        expect((await adminReviews(`product_id=${pid}`)).count).toBe(1)

        // An edit runs the same hooks with created: false and no additional_data.
        const edited = await review({ ...good, rating: 2 }, a.headers, pid)
        expect(edited.status).toBe(200)
        expect(hooks.calls("upsert-review.reviewUpserted")[1].payload).toEqual({
          review: expect.objectContaining({ id, rating: 2 }),
          created: false,
        })
      })

      it("an after hook that throws undoes the write: 400, no review, no event", async () => {
        const pid = fresh(9)
        const a = await registerCustomer(api, store().headers)
        hooks.clear()
        const res = await failing(
          review({ ...good, additional_data: { fail_after_store: true } }, a.headers, pid)
        )
        expect(res.status).toBe(400)
        expect(res.data.message).toBe("The after-store hook refused")
        // The handler ran with a stored review, which compensation has removed again.
        const [after] = hooks.calls("upsert-review.reviewUpserted")
        expect(after.payload.review.id).toMatch(/^rev_/)
        expect(events).not.toContainEqual({ name: "review.created", id: after.payload.review.id })
        expect((await adminReviews(`product_id=${pid}`)).count).toBe(0)
        // Nothing is left behind to block the next submission.
        expect((await review(good, a.headers, pid)).status).toBe(201)
      })

      it("bounds additional_data and passes moderation's to reviewsModerated", async () => {
        const pid = fresh(10)
        const a = await registerCustomer(api, store().headers)
        const wide = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i]))
        for (const additional_data of [
          "text",
          [1, 2],
          wide,
          { big: "x".repeat(17 * 1024) },
          { ["k".repeat(101)]: 1 },
        ]) {
          const res = await failing(review({ ...good, additional_data }, a.headers, pid))
          expect([JSON.stringify(additional_data).slice(0, 40), res.status]).toEqual([
            JSON.stringify(additional_data).slice(0, 40),
            400,
          ])
        }
        // Nested too deep for JSON.stringify: refused, not a 500 (sent as text, axios cannot encode it).
        const n = 10000
        const deep = await failing(
          api.post(
            `/store/products/${pid}/reviews`,
            JSON.stringify({ ...good, additional_data: { a: 0 } }).replace(
              '{"a":0}',
              `{"a":${"[".repeat(n)}${"]".repeat(n)}}`
            ),
            { headers: { ...a.headers.headers, "content-type": "application/json" } }
          )
        )
        expect(deep.status).toBe(400)
        expect((await adminReviews(`product_id=${pid}`)).count).toBe(0)

        const id = (await review(good, a.headers, pid)).data.review.id
        hooks.clear()
        const approved = await api.post(
          `/admin/reviews/${id}/approve`,
          { additional_data: { moderator_note: "fine" } },
          admin()
        )
        expect(approved.data.review.status).toBe("approved")
        expect(hooks.calls("set-review-status.reviewsModerated")).toEqual([
          {
            hook: "set-review-status.reviewsModerated",
            payload: { ids: [id], status: "approved", additional_data: { moderator_note: "fine" } },
          },
        ])
        // Approve and reject take no other field; a request without a body still works.
        const extra = await failing(
          api.post(`/admin/reviews/${id}/reject`, { status: "approved" }, admin())
        )
        expect(extra.status).toBe(400)
        const bare = await api.post(`/admin/reviews/${id}/reject`, undefined, admin())
        expect(bare.data.review.status).toBe("rejected")
        const batch = await api.post(
          "/admin/reviews/batch",
          { action: "approve", ids: [id], additional_data: { batch: 1 } },
          admin()
        )
        expect(batch.data.changed).toEqual([id])
        expect(hooks.calls("set-review-status.reviewsModerated").map((c) => c.payload)).toEqual([
          { ids: [id], status: "approved", additional_data: { moderator_note: "fine" } },
          { ids: [id], status: "rejected" },
          { ids: [id], status: "approved", additional_data: { batch: 1 } },
        ])
      })
    })
  },
})
