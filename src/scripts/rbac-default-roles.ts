import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, FeatureFlag } from "@medusajs/framework/utils"
import { ensureDefaultRoles } from "@commerce-api/plugin/lib/rbac/default-roles"

/**
 * Production: `MEDUSA_FF_RBAC=true npx medusa exec ./src/scripts/rbac-default-roles.ts`
 * creates the default staff roles that are missing (existing ones are left as edited).
 */
export default async function rbacDefaultRoles({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  if (!FeatureFlag.isFeatureEnabled("rbac")) {
    logger.warn("MEDUSA_FF_RBAC is off: no roles created.")
    return
  }
  const roles = await ensureDefaultRoles(container)
  for (const [name, id] of Object.entries(roles)) logger.info(`${name}: ${id}`)
}
