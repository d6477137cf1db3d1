import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ChatBubbleLeftRight } from "@medusajs/icons"
import {
  Button,
  Checkbox,
  Container,
  Heading,
  Select,
  StatusBadge,
  Table,
  Text,
  toast,
  Toaster,
} from "@medusajs/ui"
import { useCallback, useEffect, useState } from "react"
import {
  type AdminReview,
  listReviews,
  moderateReviews,
  type ReviewFilters,
  type ReviewStatus,
  STATUS_COLOR,
  stars,
} from "./api"
import { NoAccess, useCan } from "../../lib/permissions"

const PAGE_SIZE = 20
const ALL = "all"

/** The SDK's errors (FetchError) are Errors; anything else has no message to show. */
const errorMessage = (e: unknown) => (e instanceof Error ? e.message : undefined)

const ReviewsPageContent = () => {
  const [filters, setFilters] = useState<ReviewFilters>({
    status: "pending",
    limit: PAGE_SIZE,
    offset: 0,
  })
  const [reviews, setReviews] = useState<AdminReview[]>([])
  const [count, setCount] = useState(0)
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [loading, setLoading] = useState(true)
  const [busy, setBusy] = useState(false)

  const load = useCallback(async () => {
    setLoading(true)
    try {
      const res = await listReviews(filters)
      setReviews(res.reviews)
      setCount(res.count)
      setSelected(new Set())
    } catch (e) {
      toast.error("Could not load reviews", { description: errorMessage(e) })
    } finally {
      setLoading(false)
    }
  }, [filters])

  useEffect(() => {
    load()
  }, [load])

  const setFilter = (patch: Partial<ReviewFilters>) =>
    setFilters((f) => ({ ...f, ...patch, offset: 0 }))

  const moderate = async (ids: string[], action: "approve" | "reject") => {
    setBusy(true)
    try {
      const res = await moderateReviews(ids, action)
      toast.success(
        `${res.changed.length} review(s) ${action === "approve" ? "approved" : "rejected"}`
      )
      await load()
    } catch (e) {
      toast.error("Moderation failed", { description: errorMessage(e) })
    } finally {
      setBusy(false)
    }
  }

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })
  const allSelected = reviews.length > 0 && reviews.every((r) => selected.has(r.id))
  const pageCount = Math.max(1, Math.ceil(count / PAGE_SIZE))
  const pageIndex = Math.floor(filters.offset / PAGE_SIZE)

  return (
    <Container className="divide-y p-0">
      <Toaster />
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h1">Reviews</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Moderate product reviews before they appear in the store.
          </Text>
        </div>
        <div className="flex gap-2">
          <Button
            size="small"
            variant="secondary"
            disabled={!selected.size || busy}
            onClick={() => moderate([...selected], "reject")}
            data-testid="bulk-reject"
          >
            Reject selected ({selected.size})
          </Button>
          <Button
            size="small"
            disabled={!selected.size || busy}
            onClick={() => moderate([...selected], "approve")}
            data-testid="bulk-approve"
          >
            Approve selected ({selected.size})
          </Button>
        </div>
      </div>
      <div className="flex flex-wrap gap-3 px-6 py-4">
        <FilterSelect
          label="Status"
          value={filters.status ?? ALL}
          options={[ALL, "pending", "approved", "rejected"]}
          onChange={(v) => setFilter({ status: v === ALL ? undefined : (v as ReviewStatus) })}
        />
        <FilterSelect
          label="Rating"
          value={filters.rating ? String(filters.rating) : ALL}
          options={[ALL, "5", "4", "3", "2", "1"]}
          onChange={(v) => setFilter({ rating: v === ALL ? undefined : Number(v) })}
        />
        <FilterSelect
          label="Verified purchase"
          value={filters.verified_purchase === undefined ? ALL : String(filters.verified_purchase)}
          options={[ALL, "true", "false"]}
          onChange={(v) => setFilter({ verified_purchase: v === ALL ? undefined : v === "true" })}
        />
      </div>
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>
              <Checkbox
                checked={allSelected}
                onCheckedChange={() =>
                  setSelected(allSelected ? new Set() : new Set(reviews.map((r) => r.id)))
                }
                aria-label="Select all"
              />
            </Table.HeaderCell>
            <Table.HeaderCell>Rating</Table.HeaderCell>
            <Table.HeaderCell>Review</Table.HeaderCell>
            <Table.HeaderCell>Product</Table.HeaderCell>
            <Table.HeaderCell>Customer</Table.HeaderCell>
            <Table.HeaderCell>Status</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Actions</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {reviews.map((r) => (
            <Table.Row key={r.id} data-testid={`review-row-${r.id}`}>
              <Table.Cell>
                <Checkbox
                  checked={selected.has(r.id)}
                  onCheckedChange={() => toggle(r.id)}
                  aria-label={`Select review ${r.title}`}
                />
              </Table.Cell>
              <Table.Cell className="whitespace-nowrap">{stars(r.rating)}</Table.Cell>
              <Table.Cell className="max-w-md">
                <Text size="small" weight="plus">
                  {r.title}
                </Text>
                <Text size="small" className="text-ui-fg-subtle line-clamp-2">
                  {r.body}
                </Text>
              </Table.Cell>
              <Table.Cell>
                <a className="text-ui-fg-interactive" href={`/app/products/${r.product_id}`}>
                  {r.product?.title ?? r.product_id}
                </a>
              </Table.Cell>
              <Table.Cell>
                {r.customer?.email ?? "—"}
                {r.verified_purchase ? " ✔ verified" : ""}
              </Table.Cell>
              <Table.Cell>
                <StatusBadge color={STATUS_COLOR[r.status]} data-testid={`status-${r.id}`}>
                  {r.status}
                </StatusBadge>
              </Table.Cell>
              <Table.Cell className="text-right whitespace-nowrap">
                {r.status !== "approved" && (
                  <Button
                    size="small"
                    variant="transparent"
                    disabled={busy}
                    onClick={() => moderate([r.id], "approve")}
                    data-testid={`approve-${r.id}`}
                  >
                    Approve
                  </Button>
                )}
                {r.status !== "rejected" && (
                  <Button
                    size="small"
                    variant="transparent"
                    disabled={busy}
                    onClick={() => moderate([r.id], "reject")}
                    data-testid={`reject-${r.id}`}
                  >
                    Reject
                  </Button>
                )}
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      {!loading && reviews.length === 0 && (
        <Text className="px-6 py-8 text-center text-ui-fg-subtle">No reviews match.</Text>
      )}
      <Table.Pagination
        count={count}
        pageSize={PAGE_SIZE}
        pageIndex={pageIndex}
        pageCount={pageCount}
        canPreviousPage={pageIndex > 0}
        canNextPage={pageIndex + 1 < pageCount}
        previousPage={() => setFilters((f) => ({ ...f, offset: f.offset - PAGE_SIZE }))}
        nextPage={() => setFilters((f) => ({ ...f, offset: f.offset + PAGE_SIZE }))}
      />
    </Container>
  )
}

function FilterSelect(props: {
  label: string
  value: string
  options: string[]
  onChange: (value: string) => void
}) {
  return (
    <div className="flex items-center gap-2">
      <Text size="small" className="text-ui-fg-subtle">
        {props.label}
      </Text>
      <div className="w-36">
        <Select size="small" value={props.value} onValueChange={props.onChange}>
          <Select.Trigger aria-label={props.label}>
            <Select.Value />
          </Select.Trigger>
          <Select.Content>
            {props.options.map((o) => (
              <Select.Item key={o} value={o}>
                {o}
              </Select.Item>
            ))}
          </Select.Content>
        </Select>
      </div>
    </div>
  )
}

/** Our page, or "no access" when the user's role lacks review:read. */
const ReviewsPage = () => {
  const can = useCan("review:read")
  if (can === undefined) return null
  return can ? <ReviewsPageContent /> : <NoAccess title="Reviews" permission="review:read" />
}

export const config = defineRouteConfig({
  label: "Reviews",
  icon: ChatBubbleLeftRight,
})

export default ReviewsPage
