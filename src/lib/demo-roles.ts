import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, FeatureFlag, Modules } from "@medusajs/framework/utils"
import { assignRole, ensureDefaultRoles } from "@commerce-api/plugin/lib/rbac/default-roles"

/**
 * With RBAC on: the five default roles exist, and the demo admin is an Owner (Medusa makes
 * users created by `medusa user` super admins; ours is created by the bootstrap).
 */
export async function seedDefaultRoles(container: MedusaContainer, adminEmail: string) {
  if (!FeatureFlag.isFeatureEnabled("rbac")) return
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const roles = await ensureDefaultRoles(container)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const users = container.resolve(Modules.USER)
  const [admin] = await users.listUsers({ email: adminEmail })
  if (admin) {
    const { data } = await query.graph({
      entity: "user",
      fields: ["id", "rbac_roles.id"],
      filters: { id: admin.id },
    })
    const current = (data[0] as { rbac_roles?: unknown[] } | undefined)?.rbac_roles ?? []
    if (!current.length) await assignRole(container, admin.id, roles.Owner)
  }
  logger.info(`Staff roles: ${Object.keys(roles).join(", ")}.`)
}
