import { address } from "./fixtures"

type Post = (url: string, body?: any, config?: any) => Promise<any>
type Headers = { headers: Record<string, string> }

/** The fixtures' checkout address in the GraphQL input shape. */
export const gqlAddress = {
  firstName: address.first_name,
  lastName: address.last_name,
  address1: address.address_1,
  city: address.city,
  countryCode: address.country_code,
  postalCode: address.postal_code,
}

export const CART_SELECTION = `id email total subtotal taxTotal shippingTotal currencyCode customerId
  items { id variantId quantity unitPrice total }
  shippingMethods { id shippingOptionId amount }
  paymentCollection { id }`

/** Runs one operation and returns its data; any GraphQL error fails with its message. */
export function graphqlClient(api: { post: Post }) {
  return async function ok(query: string, variables: Record<string, unknown>, headers: Headers) {
    const res = await api.post("/graphql", { query, variables }, headers)
    if (res.data.errors?.length) throw new Error(JSON.stringify(res.data.errors))
    return res.data.data
  }
}

/** A storefront's whole checkout through /graphql alone: cart to order. */
export async function checkoutThroughGraphQL(
  api: { post: Post },
  headers: Headers,
  opts: {
    regionId: string
    variantId: string
    email?: string
    quantity?: number
    /** The shipping and billing address (AddressInput), e.g. a customer's saved one. */
    address?: Record<string, unknown>
  }
) {
  const ok = graphqlClient(api)
  const created = await ok(
    `mutation($input: CartCreateInput!) { cartCreate(input: $input) { ${CART_SELECTION} } }`,
    { input: { regionId: opts.regionId } },
    headers
  )
  const cartId: string = created.cartCreate.id
  await ok(
    `mutation($c: ID!, $v: ID!, $q: Int!) { lineItemAdd(cartId: $c, variantId: $v, quantity: $q) { id } }`,
    { c: cartId, v: opts.variantId, q: opts.quantity ?? 2 },
    headers
  )
  await ok(
    `mutation($id: ID!, $input: CartUpdateInput!) { cartUpdate(id: $id, input: $input) { id } }`,
    {
      id: cartId,
      input: {
        ...(opts.email ? { email: opts.email } : {}),
        shippingAddress: opts.address ?? gqlAddress,
        billingAddress: opts.address ?? gqlAddress,
      },
    },
    headers
  )
  const { shippingOptions } = await ok(
    `query($c: ID!) { shippingOptions(cartId: $c) { id name amount } }`,
    { c: cartId },
    headers
  )
  const standard =
    shippingOptions.find((o: { name: string }) => o.name.startsWith("Standard")) ??
    shippingOptions[0]
  await ok(
    `mutation($c: ID!, $o: ID!) { shippingMethodAdd(cartId: $c, optionId: $o) { id } }`,
    { c: cartId, o: standard.id },
    headers
  )
  const pc = await ok(
    `mutation($c: ID!) { paymentCollectionCreate(cartId: $c) { id amount } }`,
    { c: cartId },
    headers
  )
  await ok(
    `mutation($p: ID!) { paymentSessionCreate(paymentCollectionId: $p, providerId: "pp_system_default") { id } }`,
    { p: pc.paymentCollectionCreate.id },
    headers
  )
  const before = await ok(
    `query($id: ID!) { cart(id: $id) { ${CART_SELECTION} } }`,
    { id: cartId },
    headers
  )
  const done = await ok(
    `mutation($c: ID!) { cartComplete(cartId: $c) { error order { id total email customerId items { variantId quantity } shippingAddress { city } } } }`,
    { c: cartId },
    headers
  )
  return { cartId, cart: before.cart, order: done.cartComplete.order }
}
