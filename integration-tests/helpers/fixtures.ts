import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import jwt from "jsonwebtoken"
import { seedDemoStore, type DemoSeedResult } from "../../src/lib/demo-seed"

export type Api = {
  get: (url: string, config?: any) => Promise<any>
  post: (url: string, body?: any, config?: any) => Promise<any>
  delete: (url: string, config?: any) => Promise<any>
  /** Set on the axios instance the test runner hands out. */
  defaults?: { baseURL?: string }
}

/** The shipping/billing address every checkout in the suites uses (the demo's Europe region). */
export const address = {
  first_name: "Ada",
  last_name: "Lovelace",
  address_1: "Keizersgracht 1",
  city: "Amsterdam",
  country_code: "nl",
  postal_code: "1015",
}

/** The secret the test server signs tokens with (medusa-config's dev default). */
export const TEST_JWT_SECRET = process.env.JWT_SECRET || "dev-only-not-for-production"

export type Demo = DemoSeedResult & {
  storeHeaders: { headers: Record<string, string> }
  adminHeaders: { headers: Record<string, string> }
}

/** Seeds the demo store and creates an admin user; call from a suite's beforeAll. */
export async function seedForTests(container: MedusaContainer): Promise<Demo> {
  const seed = await seedDemoStore(container)
  const adminHeaders = await createAdminHeaders(container)
  return {
    ...seed,
    storeHeaders: { headers: { "x-publishable-api-key": seed.publishableKey } },
    adminHeaders,
  }
}

export async function createAdminHeaders(container: MedusaContainer, email = "admin@test.local") {
  const users = container.resolve(Modules.USER)
  const auth = container.resolve(Modules.AUTH)
  let [user] = await users.listUsers({ email })
  if (!user) user = await users.createUsers({ email, first_name: "Test", last_name: "Admin" })
  let [identity] = await auth.listAuthIdentities({ app_metadata: { user_id: user.id } })
  if (!identity) {
    identity = await auth.createAuthIdentities({
      provider_identities: [{ provider: "emailpass", entity_id: email }],
      app_metadata: { user_id: user.id },
    })
  }
  const token = jwt.sign(
    {
      actor_id: user.id,
      actor_type: "user",
      auth_identity_id: identity.id,
      app_metadata: { user_id: user.id },
    },
    TEST_JWT_SECRET,
    { expiresIn: "1d" }
  )
  return { headers: { authorization: `Bearer ${token}` } }
}

let customerSeq = 0

/** Registers a customer through the public API exactly as a storefront does. */
export async function registerCustomer(
  api: Api,
  storeHeaders: Record<string, string>,
  overrides: { email?: string; password?: string; first_name?: string } = {}
) {
  customerSeq++
  const email = overrides.email ?? `shopper${customerSeq}-${Date.now()}@example.com`
  const password = overrides.password ?? "Correct-Horse-Battery-9"
  const reg = await api.post("/auth/customer/emailpass/register", { email, password })
  const created = await api.post(
    "/store/customers",
    { email, first_name: overrides.first_name ?? "Sam", last_name: "Shopper" },
    { headers: { ...storeHeaders, authorization: `Bearer ${reg.data.token}` } }
  )
  const login = await api.post("/auth/customer/emailpass", { email, password })
  const token = login.data.token as string
  return {
    email,
    password,
    token,
    customer: created.data.customer,
    headers: { headers: { ...storeHeaders, authorization: `Bearer ${token}` } },
  }
}

/** Products of the demo catalog with a variant in stock and one sold out. */
export async function findVariants(container: MedusaContainer) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product_variant",
    fields: [
      "id",
      "sku",
      "product_id",
      "inventory_items.inventory.location_levels.stocked_quantity",
    ],
  })
  const stockOf = (v: any) =>
    v.inventory_items?.[0]?.inventory?.location_levels?.[0]?.stocked_quantity ?? 0
  const inStock = data.filter((v: any) => stockOf(v) >= 20)
  const soldOut = data.find((v: any) => stockOf(v) === 0)
  const scarce = data.find((v: any) => stockOf(v) === 2)
  return { inStock, soldOut, scarce }
}

/** Expects a request to fail; returns the axios error response. */
export async function failing(promise: Promise<any>) {
  try {
    const res = await promise
    throw new Error(`expected a failure, got ${res.status}`)
  } catch (e: any) {
    if (!e.response) throw e
    return e.response
  }
}

type Headers = { headers: Record<string, string> }

/**
 * What a storefront does before "place order": a cart with one line, the addresses (and
 * e-mail), the standard shipping method and a payment session with the system provider.
 */
export async function cartReadyToComplete(
  api: Api,
  headers: Headers,
  opts: { regionId: string; variantId: string; quantity?: number; email?: string }
) {
  const { cart } = (await api.post("/store/carts", { region_id: opts.regionId }, headers)).data
  await api.post(
    `/store/carts/${cart.id}/line-items`,
    { variant_id: opts.variantId, quantity: opts.quantity ?? 1 },
    headers
  )
  await api.post(
    `/store/carts/${cart.id}`,
    {
      ...(opts.email ? { email: opts.email } : {}),
      shipping_address: address,
      billing_address: address,
    },
    headers
  )
  const options = (await api.get(`/store/shipping-options?cart_id=${cart.id}`, headers)).data
    .shipping_options
  const standard = options.find((o: any) => o.name.startsWith("Standard")) ?? options[0]
  await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: standard.id }, headers)
  const pc = await api.post("/store/payment-collections", { cart_id: cart.id }, headers)
  await api.post(
    `/store/payment-collections/${pc.data.payment_collection.id}/payment-sessions`,
    { provider_id: "pp_system_default" },
    headers
  )
  return cart
}
