import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { REVIEWS_MODULE } from "@commerce-api/plugin/modules/reviews"
import type { ReviewsModuleService } from "@commerce-api/plugin/modules/reviews"

export const DEMO_REVIEWERS = [
  { email: "demo-reviewer-1@example.com", first_name: "Mila", last_name: "Jansen" },
  { email: "demo-reviewer-2@example.com", first_name: "Noah", last_name: "Schmidt" },
  { email: "demo-reviewer-3@example.com", first_name: "Lea", last_name: "Moreau" },
  { email: "demo-reviewer-4@example.com", first_name: "Omar", last_name: "Rossi" },
]

type DemoReview = {
  product: number
  reviewer: number
  rating: number
  title: string
  body: string
  status: "approved" | "pending"
}

// [product index in handle order, reviewer index, ...]: approved reviews feed the
// store's summaries, pending ones fill the admin moderation queue.
const DEMO_REVIEWS: DemoReview[] = [
  {
    product: 0,
    reviewer: 0,
    rating: 5,
    title: "Wear it every week",
    body: "Soft fabric, kept its shape after many washes.",
    status: "approved",
  },
  {
    product: 0,
    reviewer: 1,
    rating: 4,
    title: "Good fit",
    body: "True to size, a little thinner than I expected.",
    status: "approved",
  },
  {
    product: 0,
    reviewer: 2,
    rating: 5,
    title: "Bought a second one",
    body: "Comfortable enough that I ordered another colour.",
    status: "approved",
  },
  {
    product: 0,
    reviewer: 3,
    rating: 2,
    title: "Colour faded",
    body: "The colour faded after the third wash, disappointing.",
    status: "pending",
  },
  {
    product: 1,
    reviewer: 0,
    rating: 3,
    title: "It is fine",
    body: "Does the job, nothing special about it for the price.",
    status: "approved",
  },
  {
    product: 1,
    reviewer: 1,
    rating: 4,
    title: "Solid choice",
    body: "Well made and arrived quickly, would recommend it.",
    status: "approved",
  },
  {
    product: 1,
    reviewer: 2,
    rating: 1,
    title: "Not for me",
    body: "The seams came loose within a week of normal use.",
    status: "pending",
  },
  {
    product: 2,
    reviewer: 3,
    rating: 5,
    title: "Excellent",
    body: "Exactly as described and very comfortable all day.",
    status: "approved",
  },
  {
    product: 3,
    reviewer: 0,
    rating: 4,
    title: "Nice quality",
    body: "Better quality than I expected at this price point.",
    status: "pending",
  },
]

/**
 * Adds demo customers and their reviews so that rating summaries and the
 * moderation queue have content on first start. Skips when reviews exist.
 */
export async function seedDemoReviews(container: MedusaContainer): Promise<{ created: number }> {
  const reviews = container.resolve<ReviewsModuleService>(REVIEWS_MODULE)
  const [, existing] = await reviews.listAndCountReviews({}, { take: 1 })
  if (existing > 0) return { created: 0 }

  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: products } = await query.graph({
    entity: "product",
    fields: ["id", "handle"],
    filters: { status: "published" },
    pagination: { order: { handle: "ASC" }, take: 4 },
  })
  if (products.length < 4) return { created: 0 }

  const customerService = container.resolve(Modules.CUSTOMER)
  const known = await customerService.listCustomers({ email: DEMO_REVIEWERS.map((r) => r.email) })
  const missing = DEMO_REVIEWERS.filter((r) => !known.some((c) => c.email === r.email))
  const created = missing.length
    ? await customerService.createCustomers(missing.map((r) => ({ ...r, has_account: true })))
    : []
  const byEmail = new Map([...known, ...created].map((c) => [c.email, c.id]))

  await reviews.createReviews(
    DEMO_REVIEWS.map((r) => ({
      product_id: products[r.product].id,
      customer_id: byEmail.get(DEMO_REVIEWERS[r.reviewer].email)!,
      rating: r.rating,
      title: r.title,
      body: r.body,
      status: r.status,
      verified_purchase: false,
    }))
  )
  container
    .resolve(ContainerRegistrationKeys.LOGGER)
    .info(`Demo reviews seeded: ${DEMO_REVIEWS.length} reviews on ${products.length} products.`)
  return { created: DEMO_REVIEWS.length }
}
