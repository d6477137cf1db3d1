import { definePolicies } from "@medusajs/framework/utils"
import { CORE_GAP_POLICIES, PLUGIN_POLICIES } from "../lib/rbac/policies"

// Medusa imports every file in a plugin's `policies` directory at start and syncs what
// definePolicies registered into rbac_policy: our policies then appear in the dashboard.
export const commerceApiPolicies = definePolicies(
  [...PLUGIN_POLICIES, ...CORE_GAP_POLICIES].map((policy) => ({ ...policy }))
)
