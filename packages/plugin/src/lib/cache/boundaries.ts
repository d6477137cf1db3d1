import type { IPricingModuleService } from "@medusajs/framework/types"
import { PriceListStatus } from "@medusajs/framework/utils"

type PriceLists = Pick<IPricingModuleService, "listPriceLists">

/**
 * The next moment (epoch ms) at which a calculated price can change without
 * any event: an active price list starting or ending. These are the only date
 * rules of Medusa 2.21.2's price calculation (`starts_at <= now()` and
 * `ends_at >= now()` in the pricing repository); promotion campaign dates only
 * affect carts. All active lists count, also those with customer-group rules:
 * an early expiry costs one recomputation, a late one a wrong price.
 */
export async function nextPriceListBoundary(
  pricing: PriceLists,
  now = new Date()
): Promise<number | undefined> {
  const at = now.toISOString()
  const [starting, ending] = await Promise.all([
    pricing.listPriceLists(
      { status: [PriceListStatus.ACTIVE], starts_at: { $gt: at } },
      { select: ["id", "starts_at"], order: { starts_at: "ASC" }, take: 1 }
    ),
    pricing.listPriceLists(
      { status: [PriceListStatus.ACTIVE], ends_at: { $gte: at } },
      { select: ["id", "ends_at"], order: { ends_at: "ASC" }, take: 1 }
    ),
  ])
  const times = [starting[0]?.starts_at, ending[0]?.ends_at]
    .filter((t): t is string => !!t) // typed string, a Date at runtime: new Date() takes both
    .map((t) => new Date(t).getTime())
  return times.length ? Math.min(...times) : undefined
}
