import path from "path"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { REVIEWS_MODULE } from ".."
import Review from "../models/review"
import ReviewHelpfulVote from "../models/review-helpful-vote"
import ReviewsModuleService from "../service"

jest.setTimeout(60 * 1000)

const base = { title: "Nice product", body: "Works well for me, recommended." }

moduleIntegrationTestRunner<ReviewsModuleService>({
  moduleName: REVIEWS_MODULE,
  moduleModels: [Review, ReviewHelpfulVote],
  resolve: path.join(__dirname, ".."),
  testSuite: ({ service }) => {
    describe("ReviewsModuleService", () => {
      it("defaults new reviews to pending, unverified and zero helpful votes", async () => {
        const review = await service.createReviews({
          ...base,
          product_id: "prod_1",
          customer_id: "cus_1",
          rating: 5,
        })
        expect(review).toMatchObject({
          status: "pending",
          verified_purchase: false,
          helpful_count: 0,
          order_id: null,
        })
      })

      it("enforces one live review per customer and product, and the rating range", async () => {
        await service.createReviews({ ...base, product_id: "p", customer_id: "c", rating: 3 })
        await expect(
          service.createReviews({ ...base, product_id: "p", customer_id: "c", rating: 4 })
        ).rejects.toThrow(/already exists/i)
        // Another product or another customer is fine.
        await service.createReviews({ ...base, product_id: "p2", customer_id: "c", rating: 4 })
        await service.createReviews({ ...base, product_id: "p", customer_id: "c2", rating: 4 })
        for (const rating of [0, 6]) {
          await expect(
            service.createReviews({ ...base, product_id: "p3", customer_id: `c${rating}`, rating })
          ).rejects.toThrow()
        }
      })

      it("lets a customer review again after a soft delete, and restores it", async () => {
        const first = await service.createReviews({
          ...base,
          product_id: "p",
          customer_id: "c",
          rating: 3,
        })
        await service.softDeleteReviews(first.id)
        const second = await service.createReviews({
          ...base,
          product_id: "p",
          customer_id: "c",
          rating: 4,
        })
        expect(second.id).not.toBe(first.id)
        expect(await service.listReviews({ product_id: "p" })).toHaveLength(1)
      })

      it("summarises approved reviews only, per product, with a histogram", async () => {
        const rows = [
          { product_id: "a", rating: 5, status: "approved" },
          { product_id: "a", rating: 4, status: "approved" },
          { product_id: "a", rating: 4, status: "approved" },
          { product_id: "a", rating: 1, status: "pending" },
          { product_id: "a", rating: 1, status: "rejected" },
          { product_id: "b", rating: 2, status: "approved" },
        ] as const
        await service.createReviews(
          rows.map((r, i) => ({ ...base, ...r, customer_id: `cus_${i}` }))
        )
        const deleted = await service.createReviews({
          ...base,
          product_id: "a",
          customer_id: "cus_deleted",
          rating: 1,
          status: "approved",
        })
        await service.softDeleteReviews(deleted.id)

        const [a, b, c] = await service.getRatingSummaries(["a", "b", "c", "a"])
        expect(a).toEqual({
          product_id: "a",
          count: 3,
          average: 4.33,
          histogram: { "1": 0, "2": 0, "3": 0, "4": 2, "5": 1 },
        })
        expect(b).toMatchObject({ product_id: "b", count: 1, average: 2 })
        expect(c).toMatchObject({ product_id: "c", count: 0, average: 0 })
        expect(await service.getRatingSummaries([])).toEqual([])
      })

      it("treats product ids as data, not SQL", async () => {
        const hostile = "x'); DELETE FROM review; --"
        await service.createReviews({
          ...base,
          product_id: hostile,
          customer_id: "c",
          rating: 5,
          status: "approved",
        })
        const [summary] = await service.getRatingSummaries([hostile])
        expect(summary.count).toBe(1)
        expect(await service.listReviews({})).toHaveLength(1)
      })

      it("counts a helpful vote once per customer, also when requests race", async () => {
        const review = await service.createReviews({
          ...base,
          product_id: "p",
          customer_id: "author",
          rating: 5,
          status: "approved",
        })
        const results = await Promise.all(
          ["v1", "v2", "v3"].flatMap((voter) =>
            [0, 1, 2, 3].map(() => service.addHelpfulVote(review.id, voter))
          )
        )
        expect(results.filter((r) => r.added)).toHaveLength(3)
        const [after] = await service.listReviews({ id: review.id })
        expect(after.helpful_count).toBe(3)
        expect(await service.listReviewHelpfulVotes({ review_id: review.id })).toHaveLength(3)

        await service.removeHelpfulVote(review.id, "v1")
        await service.removeHelpfulVote(review.id, "v1")
        const [undone] = await service.listReviews({ id: review.id })
        expect(undone.helpful_count).toBe(2)
      })

      it("without a module option, auto-approval follows REVIEWS_AUTO_APPROVE_VERIFIED", async () => {
        const saved = process.env.REVIEWS_AUTO_APPROVE_VERIFIED
        try {
          delete process.env.REVIEWS_AUTO_APPROVE_VERIFIED
          expect(service.autoApproveVerified()).toBe(false)
          process.env.REVIEWS_AUTO_APPROVE_VERIFIED = "true"
          expect(service.autoApproveVerified()).toBe(true)
        } finally {
          if (saved === undefined) delete process.env.REVIEWS_AUTO_APPROVE_VERIFIED
          else process.env.REVIEWS_AUTO_APPROVE_VERIFIED = saved
        }
      })
    })
  },
})
