import type { MedusaContainer } from "@medusajs/framework/types"
import { hasPermission } from "@medusajs/framework"
import { ContainerRegistrationKeys, FeatureFlag } from "@medusajs/framework/utils"
import { getPluginOptions } from "../plugin-options"
import type { Permission } from "./policies"

/** Medusa's RBAC is on (MEDUSA_FF_RBAC / featureFlags.rbac) and the plugin's rbac feature too. */
export function rbacActive(): boolean {
  return FeatureFlag.isFeatureEnabled("rbac") && getPluginOptions().rbac.enabled
}

/**
 * The user's roles, read from the database on every request: a role assigned or removed
 * takes effect on the next request. (Medusa's own checks read the roles copied into the
 * token at login; see docs/decisions/0150.)
 */
export async function userRoleIds(scope: MedusaContainer, userId: string): Promise<string[]> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "user",
    fields: ["id", "rbac_roles.id"],
    filters: { id: userId },
  })
  const user = data[0] as { rbac_roles?: ({ id: string } | null)[] } | undefined
  return (user?.rbac_roles ?? []).flatMap((role) => (role?.id ? [role.id] : []))
}

/** Whether the roles grant every policy, with Medusa's own wildcard rules and role cache. */
export async function rolesAllow(
  scope: MedusaContainer,
  roles: string[],
  policies: Permission[]
): Promise<boolean> {
  if (!policies.length) return true
  if (!roles.length) return false
  return await hasPermission({ roles, actions: policies, container: scope })
}

/** The refund limit in the payment's currency (major units): option, else env, else 100. */
export function refundLimit(env: NodeJS.ProcessEnv = process.env): number {
  const fromOptions = getPluginOptions().rbac.refundLimit
  if (fromOptions !== undefined) return fromOptions
  const raw = env.RBAC_REFUND_LIMIT
  const parsed = raw === undefined || raw === "" ? NaN : Number(raw)
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : 100
}
