import type { Context } from "@medusajs/framework/types"
import {
  generateEntityId,
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaService,
} from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import Review from "./models/review"
import ReviewHelpfulVote from "./models/review-helpful-vote"

/** The slice of the plugin's options this module reads (Medusa passes a plugin's options to its modules). */
export type ReviewsModuleOptions = {
  reviews?: {
    /** Verified-purchase reviews skip the moderation queue. */
    autoApproveVerified?: boolean
  }
}

export type RatingSummary = {
  product_id: string
  average: number
  count: number
  histogram: Record<"1" | "2" | "3" | "4" | "5", number>
}

export function emptySummary(productId: string): RatingSummary {
  return {
    product_id: productId,
    average: 0,
    count: 0,
    histogram: { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 },
  }
}

class ReviewsModuleService extends MedusaService({ Review, ReviewHelpfulVote }) {
  protected readonly options_: ReviewsModuleOptions

  constructor(container: Record<string, unknown>, options: ReviewsModuleOptions = {}) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = options ?? {}
  }

  /** The plugin option when given, else REVIEWS_AUTO_APPROVE_VERIFIED at call time. */
  autoApproveVerified(): boolean {
    return (
      this.options_.reviews?.autoApproveVerified ??
      process.env.REVIEWS_AUTO_APPROVE_VERIFIED === "true"
    )
  }

  /**
   * Rating summaries of approved reviews, one aggregate query for all products.
   * Computed from the rows on every read, so concurrent writes can never leave
   * a stale counter behind; the query builder binds every value.
   */
  @InjectManager()
  async getRatingSummaries(
    productIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<RatingSummary[]> {
    const ids = [...new Set(productIds)]
    if (!ids.length) return []
    const manager = sharedContext.manager as SqlEntityManager
    const qb = manager
      .getKnex()
      .select("product_id", "rating")
      .count({ count: "*" })
      .from("review")
      .where("status", "approved")
      .whereNull("deleted_at")
      .whereIn("product_id", ids)
      .groupBy("product_id", "rating")
    const rows = (await manager.execute(qb)) as {
      product_id: string
      rating: number
      count: string
    }[]
    const byProduct = new Map(ids.map((id) => [id, emptySummary(id)]))
    const sums = new Map<string, number>()
    for (const row of rows) {
      const summary = byProduct.get(row.product_id)!
      const n = Number(row.count)
      summary.histogram[String(row.rating) as "1"] = n
      summary.count += n
      sums.set(row.product_id, (sums.get(row.product_id) ?? 0) + n * Number(row.rating))
    }
    for (const summary of byProduct.values()) {
      if (summary.count) {
        summary.average = Math.round((sums.get(summary.product_id)! / summary.count) * 100) / 100
      }
    }
    return ids.map((id) => byProduct.get(id)!)
  }

  /**
   * Records a helpful vote and bumps the counter in one transaction. The
   * unique index decides races: only the request whose insert wins increments.
   */
  @InjectTransactionManager()
  async addHelpfulVote(
    reviewId: string,
    customerId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ added: boolean; helpful_count: number }> {
    const manager = sharedContext.transactionManager as SqlEntityManager
    const inserted = await manager.execute(
      `INSERT INTO review_helpful_vote (id, review_id, customer_id)
       VALUES (?, ?, ?)
       ON CONFLICT (review_id, customer_id) WHERE deleted_at IS NULL DO NOTHING
       RETURNING id`,
      [generateEntityId(undefined, "revvote"), reviewId, customerId]
    )
    const rows = inserted.length
      ? await manager.execute(
          `UPDATE review SET helpful_count = helpful_count + 1, updated_at = now()
           WHERE id = ? RETURNING helpful_count`,
          [reviewId]
        )
      : await manager.execute(`SELECT helpful_count FROM review WHERE id = ?`, [reviewId])
    return { added: inserted.length > 0, helpful_count: Number(rows[0]?.helpful_count ?? 0) }
  }

  /** Undoes addHelpfulVote (workflow compensation). */
  @InjectTransactionManager()
  async removeHelpfulVote(
    reviewId: string,
    customerId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const manager = sharedContext.transactionManager as SqlEntityManager
    const deleted = await manager.execute(
      `DELETE FROM review_helpful_vote WHERE review_id = ? AND customer_id = ? RETURNING id`,
      [reviewId, customerId]
    )
    if (deleted.length) {
      await manager.execute(
        `UPDATE review SET helpful_count = GREATEST(helpful_count - 1, 0), updated_at = now()
         WHERE id = ?`,
        [reviewId]
      )
    }
  }
}

export default ReviewsModuleService
