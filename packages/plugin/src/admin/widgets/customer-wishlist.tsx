import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import Medusa from "@medusajs/js-sdk"
import { Badge, Container, Heading, Table, Text } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useCan } from "../lib/permissions"

// Provided by Medusa's admin bundler (vite `define`); same settings as the dashboard's own client.
declare const __BACKEND_URL__: string | undefined
declare const __AUTH_TYPE__: "session" | "jwt" | undefined
declare const __JWT_TOKEN_STORAGE_KEY__: string | undefined

const sdk = new Medusa({
  baseUrl: typeof __BACKEND_URL__ === "string" && __BACKEND_URL__ ? __BACKEND_URL__ : "/",
  auth: {
    type: typeof __AUTH_TYPE__ === "string" ? __AUTH_TYPE__ : "session",
    jwtTokenStorageKey:
      typeof __JWT_TOKEN_STORAGE_KEY__ === "string" ? __JWT_TOKEN_STORAGE_KEY__ : undefined,
  },
})

type WishlistItem = {
  id: string
  variant_id: string
  created_at: string
  variant: {
    title: string | null
    sku: string | null
    product: { id: string; title: string; handle: string }
  }
}

type Wishlist = {
  id: string
  sales_channel: { id: string; name: string | null }
  shared: boolean
  items: WishlistItem[]
}

const CustomerWishlistWidgetContent = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const [wishlists, setWishlists] = useState<Wishlist[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let active = true
    sdk.client
      .fetch<{ wishlists: Wishlist[] }>(`/admin/customers/${customer.id}/wishlist`)
      .then((res) => active && setWishlists(res.wishlists))
      .catch((e: Error) => active && setError(e.message || "Could not load the wishlist"))
    return () => {
      active = false
    }
  }, [customer.id])

  const items = wishlists?.flatMap((w) => w.items.map((item) => ({ wishlist: w, item }))) ?? []

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Wishlist</Heading>
        {wishlists?.some((w) => w.shared) && <Badge color="blue">Shared</Badge>}
      </div>
      <div className="px-6 py-4">
        {error && <Text className="text-ui-fg-error">{error}</Text>}
        {!error && wishlists === null && <Text className="text-ui-fg-subtle">Loading…</Text>}
        {!error && wishlists !== null && items.length === 0 && (
          <Text className="text-ui-fg-subtle">This customer has no wishlist items.</Text>
        )}
        {items.length > 0 && (
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Product</Table.HeaderCell>
                <Table.HeaderCell>Variant</Table.HeaderCell>
                <Table.HeaderCell>SKU</Table.HeaderCell>
                <Table.HeaderCell>Sales channel</Table.HeaderCell>
                <Table.HeaderCell>Added</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {items.map(({ wishlist, item }) => (
                <Table.Row key={item.id}>
                  <Table.Cell>
                    <a
                      className="text-ui-fg-interactive"
                      href={`${typeof __BASE__ === "string" ? __BASE__ : "/app"}/products/${item.variant.product.id}`}
                    >
                      {item.variant.product.title}
                    </a>
                  </Table.Cell>
                  <Table.Cell>{item.variant.title ?? "-"}</Table.Cell>
                  <Table.Cell>{item.variant.sku ?? "-"}</Table.Cell>
                  <Table.Cell>
                    {wishlist.sales_channel.name ?? wishlist.sales_channel.id}
                  </Table.Cell>
                  <Table.Cell>{new Date(item.created_at).toLocaleDateString()}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        )}
      </div>
    </Container>
  )
}

declare const __BASE__: string | undefined

/** Hidden when the user's role lacks customer_wishlist:read. */
const CustomerWishlistWidget = (props: DetailWidgetProps<AdminCustomer>) => {
  const can = useCan("customer_wishlist:read")
  return can ? <CustomerWishlistWidgetContent {...props} /> : null
}

export const config = defineWidgetConfig({
  zone: "customer.details.after",
})

export default CustomerWishlistWidget
