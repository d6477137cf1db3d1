import { Container, Heading, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { sdk } from "./sdk"

type PermissionsResponse = { permissions: string[] }

/**
 * What the logged-in user may do, from Medusa's `GET /admin/rbac/me/permissions`
 * (wildcards already expanded). `null` = everything: RBAC is off (the route answers 404).
 */
function useMyPermissions() {
  return useQuery({
    queryKey: ["rbac-me-permissions"],
    queryFn: async (): Promise<Set<string> | null> => {
      try {
        const res = await sdk.client.fetch<PermissionsResponse>("/admin/rbac/me/permissions")
        return new Set(res.permissions)
      } catch (e) {
        if ((e as { status?: number }).status === 404) return null
        throw e
      }
    },
    staleTime: 30_000,
  })
}

/** `undefined` while loading, then whether the user holds every one of `keys`. */
export function useCan(...keys: string[]): boolean | undefined {
  const { data, isLoading, isError } = useMyPermissions()
  if (isLoading) return undefined
  if (isError) return false
  if (data === null || data === undefined) return true
  return keys.every((key) => data.has(key))
}

/** What a page shows instead of its content when the user lacks the permission. */
export function NoAccess({ title, permission }: { title: string; permission: string }) {
  return (
    <Container className="px-6 py-4" data-testid="no-access">
      <Heading level="h2">{title}</Heading>
      <Text className="text-ui-fg-subtle" size="small">
        No access: your role does not include the permission {permission}. Ask an owner to change
        your role.
      </Text>
    </Container>
  )
}
