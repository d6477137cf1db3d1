import type { ExecArgs } from "@medusajs/framework/types"
import { seedDemoStore } from "../lib/demo-seed"

/** `npm run seed`: seeds the demo store once (a second run changes nothing). */
export default async function seed({ container }: ExecArgs) {
  const result = await seedDemoStore(container, {
    extraProducts: Number(process.env.SEED_EXTRA_PRODUCTS || 0),
  })
  const logger = container.resolve("logger")
  logger.info(
    result.seeded
      ? `Seeded. Publishable key: ${result.publishableKey}`
      : "The demo store is already seeded; nothing changed."
  )
}
