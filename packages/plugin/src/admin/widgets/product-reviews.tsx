import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminProduct, DetailWidgetProps } from "@medusajs/framework/types"
import { Container, Heading, StatusBadge, Text } from "@medusajs/ui"
import { useEffect, useState } from "react"
import {
  type AdminReview,
  getSummary,
  listReviews,
  type RatingSummary,
  STATUS_COLOR,
  stars,
} from "../routes/reviews/api"
import { useCan } from "../lib/permissions"

/** Rating summary (approved reviews) and the latest reviews of any status. */
const ProductReviewsWidgetContent = ({ data: product }: DetailWidgetProps<AdminProduct>) => {
  const [summary, setSummary] = useState<RatingSummary | null>(null)
  const [latest, setLatest] = useState<AdminReview[]>([])
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    Promise.all([
      getSummary(product.id),
      listReviews({ product_id: product.id, limit: 5, offset: 0 }),
    ])
      .then(([s, l]) => {
        setSummary(s.summaries[0] ?? null)
        setLatest(l.reviews)
      })
      .catch((e) => setError(e?.message ?? "Could not load reviews"))
  }, [product.id])

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Reviews</Heading>
        <a className="text-ui-fg-interactive txt-compact-small" href="/app/reviews">
          Moderation queue
        </a>
      </div>
      {error && <Text className="px-6 py-4 text-ui-fg-error">{error}</Text>}
      {summary && (
        <div className="flex gap-8 px-6 py-4" data-testid="product-review-summary">
          <div>
            <Text size="xlarge" weight="plus">
              {summary.count ? summary.average.toFixed(2) : "—"}
            </Text>
            <Text size="small" className="text-ui-fg-subtle">
              {summary.count} approved review{summary.count === 1 ? "" : "s"}
            </Text>
          </div>
          <div className="flex-1">
            {["5", "4", "3", "2", "1"].map((r) => {
              const n = summary.histogram[r] ?? 0
              const pct = summary.count ? Math.round((n / summary.count) * 100) : 0
              return (
                <div key={r} className="flex items-center gap-2">
                  <Text size="xsmall" className="w-4">
                    {r}
                  </Text>
                  <div className="bg-ui-bg-subtle h-2 flex-1 rounded">
                    <div
                      className="bg-ui-fg-interactive h-2 rounded"
                      style={{ width: `${pct}%` }}
                    />
                  </div>
                  <Text size="xsmall" className="w-6 text-right">
                    {n}
                  </Text>
                </div>
              )
            })}
          </div>
        </div>
      )}
      {latest.map((r) => (
        <div key={r.id} className="px-6 py-3">
          <div className="flex items-center justify-between">
            <Text size="small" weight="plus">
              {stars(r.rating)} {r.title}
            </Text>
            <StatusBadge color={STATUS_COLOR[r.status]}>{r.status}</StatusBadge>
          </div>
          <Text size="small" className="text-ui-fg-subtle line-clamp-2">
            {r.body}
          </Text>
        </div>
      ))}
      {summary && latest.length === 0 && (
        <Text size="small" className="px-6 py-4 text-ui-fg-subtle">
          No reviews yet.
        </Text>
      )}
    </Container>
  )
}

/** Hidden when the user's role lacks review:read. */
const ProductReviewsWidget = (props: DetailWidgetProps<AdminProduct>) => {
  const can = useCan("review:read")
  return can ? <ProductReviewsWidgetContent {...props} /> : null
}

export const config = defineWidgetConfig({
  zone: "product.details.after",
})

export default ProductReviewsWidget
