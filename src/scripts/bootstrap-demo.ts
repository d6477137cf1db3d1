import { writeFileSync } from "fs"
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createUserAccountWorkflow } from "@medusajs/medusa/core-flows"
import { enableStripeInRegions, seedDemoStore } from "../lib/demo-seed"
import { seedDefaultRoles } from "../lib/demo-roles"

/**
 * Run by `npm start`: seeds the demo store once and makes sure the admin user
 * exists with the configured password. Writes what the start script prints to
 * DEMO_OUTPUT.
 */
export default async function bootstrapDemo({ container }: ExecArgs) {
  const email = process.env.DEMO_ADMIN_EMAIL!
  const password = process.env.DEMO_ADMIN_PASSWORD!
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const result = await seedDemoStore(container, {
    extraProducts: Number(process.env.SEED_EXTRA_PRODUCTS || 0),
  })

  const stripeRegions = await enableStripeInRegions(container)
  if (stripeRegions) logger.info(`Stripe enabled in ${stripeRegions} region(s).`)

  const auth = container.resolve(Modules.AUTH)
  const [identity] = await auth.listProviderIdentities({
    entity_id: email,
    provider: "emailpass",
  })
  if (!identity) {
    const { authIdentity, error } = await auth.register("emailpass", {
      body: { email, password },
    })
    if (error || !authIdentity) throw new Error(`admin registration failed: ${error}`)
    await createUserAccountWorkflow(container).run({
      input: {
        authIdentityId: authIdentity.id,
        userData: { email, first_name: "Store", last_name: "Admin" },
      },
    })
    logger.info(`Admin user ${email} created.`)
  } else {
    // Keeps the stored password in step with ADMIN_PASSWORD / .data/demo.json.
    await auth.updateProvider("emailpass", { entity_id: email, password })
  }

  await seedDefaultRoles(container, email)

  if (process.env.DEMO_OUTPUT) {
    writeFileSync(
      process.env.DEMO_OUTPUT,
      JSON.stringify({ seeded: result.seeded, publishableKey: result.publishableKey })
    )
  }
}
