import {
  ContainerRegistrationKeys,
  MedusaError,
  Modules,
  PromotionActions,
} from "@medusajs/framework/utils"
import {
  addShippingMethodToCartWorkflow,
  addToCartWorkflow,
  completeCartWorkflow,
  createCartWorkflow,
  createCustomerAccountWorkflow,
  createCustomerAddressesWorkflow,
  createPaymentCollectionForCartWorkflow,
  createPaymentSessionsWorkflow,
  deleteCustomerAddressesWorkflow,
  deleteLineItemsWorkflow,
  getOrderDetailWorkflow,
  getOrdersListWorkflow,
  listShippingOptionsForCartWorkflow,
  updateCartPromotionsWorkflow,
  updateCartWorkflow,
  updateCustomerAddressesWorkflow,
  updateCustomersWorkflow,
  updateLineItemInCartWorkflow,
} from "@medusajs/medusa/core-flows"
import { generateJwtTokenWithChecks } from "@medusajs/medusa/api/auth/utils/generate-jwt-token"
import {
  StoreAddCartLineItem,
  StoreCreateCart,
  StoreUpdateCart,
  StoreUpdateCartLineItem,
} from "@medusajs/medusa/api/store/carts/validators"
import {
  StoreCreateCustomer,
  StoreCreateCustomerAddress,
  StoreUpdateCustomer,
  StoreUpdateCustomerAddress,
} from "@medusajs/medusa/api/store/customers/validators"
import type { CreateAddressDTO, HttpTypes } from "@medusajs/framework/types"
import type { z } from "@medusajs/framework/zod"
import type { GraphQLContext } from "./context"
import { invalid, TooManyRequestsError } from "./errors"
import * as rows from "./rows"
import {
  assertCartAccess,
  assertOrderAccess,
  assertPaymentCollectionAccess,
  registeredEmail,
} from "../security/ownership"
import {
  checkAddressFields,
  checkMetadata,
  checkQuantities,
  containsNul,
  readSecurityLimits,
} from "../security/limits"
import { passwordProblem } from "../security/password-policy"
import { beginAuthAttempt, TOO_MANY_AUTH_ATTEMPTS } from "../../api/middlewares/security-auth"
import { assignGuestCustomerToCartWorkflow } from "../../workflows/guest-carts/assign-guest-customer-to-cart"
import {
  leanAddShippingMethodApplies,
  leanAddToCartApplies,
  leanCreateCartApplies,
  leanUpdateCartApplies,
} from "../checkout/lean-choice"
import { leanCreateCartWorkflow } from "../../workflows/checkout/lean-create-cart"
import { leanAddToCartWorkflow } from "../../workflows/checkout/lean-add-to-cart"
import { leanUpdateCartWorkflow } from "../../workflows/checkout/lean-update-cart"
import { leanAddShippingMethodToCartWorkflow } from "../../workflows/checkout/add-shipping-method-lean"
import { paging } from "./catalog"

type Ctx = GraphQLContext
type AddressInput = {
  firstName?: string | null
  lastName?: string | null
  company?: string | null
  address1?: string | null
  address2?: string | null
  city?: string | null
  postalCode?: string | null
  province?: string | null
  countryCode?: string | null
  phone?: string | null
}

/** Drops nulls: GraphQL sends null for "not given", Medusa's validators want undefined. */
function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v != null)) as Partial<T>
}

const addressIn = (a: AddressInput | null | undefined) =>
  a
    ? compact({
        first_name: a.firstName,
        last_name: a.lastName,
        company: a.company,
        address_1: a.address1,
        address_2: a.address2,
        city: a.city,
        postal_code: a.postalCode,
        province: a.province,
        country_code: a.countryCode,
        phone: a.phone,
      })
    : undefined

/** Runs REST's own body validator, so both APIs accept and refuse the same input. */
function validate<S extends z.ZodTypeAny>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const at = issue?.path?.length ? `${issue.path.join(".")}: ` : ""
  throw invalid(`Invalid request: ${at}${issue?.message ?? "invalid input"}`)
}

function requireCustomer(ctx: Ctx): string {
  if (!ctx.customerId) throw new MedusaError(MedusaError.Types.UNAUTHORIZED, "Unauthorized")
  return ctx.customerId
}

type CustomerAddressInput = AddressInput & {
  addressName?: string | null
  isDefaultShipping?: boolean | null
  isDefaultBilling?: boolean | null
  metadata?: Record<string, unknown> | null
}

const CUSTOMER_FIELDS = [
  "id",
  "email",
  "first_name",
  "last_name",
  "phone",
  "has_account",
  "addresses.*",
]

async function customerById(ctx: Ctx, id: string) {
  const query = ctx.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "customer",
    fields: CUSTOMER_FIELDS,
    filters: { id },
  })
  return data[0] ? rows.customer(data[0] as rows.CustomerRow) : null
}

/**
 * A customer address body as REST's POST /store/customers/me/addresses[/:id] takes it: Medusa's
 * validator, then the rules the REST middleware adds (no NUL, bounded text fields and metadata).
 */
function addressBody<S extends z.ZodTypeAny>(schema: S, input: CustomerAddressInput) {
  const raw = compact({
    ...addressIn(input),
    address_name: input.addressName,
    is_default_shipping: input.isDefaultShipping,
    is_default_billing: input.isDefaultBilling,
    metadata: input.metadata,
  })
  if (containsNul(raw)) throw invalid("Text values must not contain NUL characters")
  const limits = readSecurityLimits()
  const problem =
    checkAddressFields(raw, limits.maxAddressFieldLength) ??
    checkMetadata(raw, limits.maxMetadataBytes)
  if (problem) throw invalid(problem)
  return validate(schema, raw)
}

/** REST's check before an address write: the caller's own address, or 404 (as Medusa's route). */
async function assertOwnAddress(ctx: Ctx, customerId: string, addressId: string) {
  if (containsNul(addressId)) throw invalid("Text values must not contain NUL characters")
  const query = ctx.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "customer_address",
    fields: ["id"],
    filters: { id: addressId, customer_id: customerId },
  })
  if (!data[0]) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Address with id: ${addressId} was not found`
    )
  }
}

async function addressPayload(ctx: Ctx, customerId: string, addressId: string) {
  const customer = await customerById(ctx, customerId)
  const address = customer?.addresses.find((a) => a?.id === addressId)
  if (!customer || !address) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Address with id: ${addressId} was not found`
    )
  }
  return { address, customer }
}

/** The cart as GraphQL shows it (no access check: callers check first). */
export async function cartById(ctx: Ctx, id: string) {
  return refetchCart(ctx, id)
}

async function refetchCart(ctx: Ctx, id: string) {
  const query = ctx.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "cart", fields: rows.CART_FIELDS, filters: { id } })
  const row: rows.CartRow | undefined = data[0]
  if (!row) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart with id '${id}' not found`)
  return rows.cart(row)
}

async function refetchPaymentCollection(ctx: Ctx, id: string) {
  const query = ctx.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "payment_collection",
    fields: rows.PAYMENT_COLLECTION_FIELDS,
    filters: { id },
  })
  const pc = rows.paymentCollection(data[0])
  if (!pc)
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Payment collection with id '${id}' not found`
    )
  return pc
}

async function fetchOrder(ctx: Ctx, id: string) {
  const { result } = await getOrderDetailWorkflow(ctx.scope).run({
    input: { fields: rows.ORDER_FIELDS, order_id: id, filters: { is_draft_order: false } },
  })
  return rows.order(result as rows.OrderRow)
}

/** A cart write: the REST middleware's rule (and its claim of a guest cart). */
const writeCart = (ctx: Ctx, id: string) => assertCartAccess(ctx.scope, ctx.customerId, id, true)

async function customerToken(ctx: Ctx, authIdentity: unknown) {
  const { token } = await generateJwtTokenWithChecks(ctx.scope, {
    authIdentity: authIdentity as Parameters<typeof generateJwtTokenWithChecks>[1]["authIdentity"],
    actorType: "customer",
    authProvider: "emailpass",
  })
  if (typeof token !== "string") throw invalid("Authentication needs another step")
  return token
}

/** One emailpass attempt through Medusa's auth module, counted like POST /auth/customer/emailpass. */
async function counted<T>(
  ctx: Ctx,
  kind: "login" | "register",
  email: string,
  run: () => Promise<T>
): Promise<T> {
  const identifier = email.trim().toLowerCase().slice(0, 320) || undefined
  const attempt = await beginAuthAttempt(ctx.req, kind, "customer", identifier)
  if (attempt.refused) {
    throw new TooManyRequestsError(TOO_MANY_AUTH_ATTEMPTS, attempt.refused.seconds)
  }
  try {
    const result = await run()
    attempt.finish(200)
    return result
  } catch (e) {
    const status = e instanceof MedusaError && e.type === MedusaError.Types.UNAUTHORIZED ? 401 : 400
    attempt.finish(status)
    throw e
  }
}

async function authData(ctx: Ctx, body: { email: string; password: string }) {
  return {
    url: ctx.req.url,
    headers: ctx.req.headers as Record<string, string>,
    query: {},
    body,
    protocol: ctx.req.protocol,
  }
}

export const commerceResolvers = {
  Query: {
    cart: async (_: unknown, args: { id: string }, ctx: Ctx) => {
      try {
        await assertCartAccess(ctx.scope, ctx.customerId, args.id, false)
      } catch (e) {
        if (e instanceof MedusaError && e.type === MedusaError.Types.NOT_FOUND) return null
        throw e
      }
      return refetchCart(ctx, args.id)
    },
    shippingOptions: async (_: unknown, args: { cartId: string }, ctx: Ctx) => {
      await assertCartAccess(ctx.scope, ctx.customerId, args.cartId, false)
      const { result } = await listShippingOptionsForCartWorkflow(ctx.scope).run({
        input: { cart_id: args.cartId, is_return: false },
      })
      type OptionRow = {
        id: string
        name: string
        amount?: number | null
        price_type?: string | null
        calculated_price?: { calculated_amount?: number | null } | null
      }
      return (result as OptionRow[]).map((o) => ({
        id: o.id,
        name: o.name,
        amount: o.amount ?? o.calculated_price?.calculated_amount ?? null,
        priceType: o.price_type ?? null,
      }))
    },
    me: async (_: unknown, __: unknown, ctx: Ctx) =>
      ctx.customerId ? customerById(ctx, ctx.customerId) : null,
    order: async (_: unknown, args: { id: string }, ctx: Ctx) => {
      try {
        await assertOrderAccess(ctx.scope, ctx.customerId, args.id)
        return await fetchOrder(ctx, args.id)
      } catch (e) {
        if (e instanceof MedusaError && e.type === MedusaError.Types.NOT_FOUND) return null
        throw e
      }
    },
  },
  Customer: {
    orders: async (
      c: { id: string },
      args: { first?: number | null; offset?: number | null },
      ctx: Ctx
    ) => {
      // Only the caller's own orders (me is the only way to reach a Customer).
      if (c.id !== ctx.customerId) return []
      const page = paging(args.first, args.offset)
      const { result } = await getOrdersListWorkflow(ctx.scope).run({
        input: {
          fields: rows.ORDER_FIELDS,
          variables: {
            filters: { customer_id: c.id, is_draft_order: false },
            skip: page.skip,
            take: page.take,
            order: { created_at: "DESC" },
          },
        },
      })
      const list = Array.isArray(result) ? result : result.rows
      return (list as rows.OrderRow[]).map(rows.order)
    },
  },
  Mutation: {
    cartCreate: async (
      _: unknown,
      args: {
        input: {
          regionId?: string | null
          email?: string | null
          currencyCode?: string | null
          countryCode?: string | null
        }
      },
      ctx: Ctx
    ) => {
      const body = validate(
        StoreCreateCart(),
        compact({
          region_id: args.input.regionId,
          email: args.input.email,
          currency_code: args.input.currencyCode,
          country_code: args.input.countryCode,
        })
      )
      // As REST (guestCartOnCreate): an anonymous cart naming a registered e-mail
      // is created without it and given the guest record.
      const guestEmail = await registeredEmail(ctx.scope, ctx.customerId, body.email)
      if (guestEmail) delete body.email
      const input = {
        ...body,
        customer_id: ctx.customerId,
        ...(ctx.salesChannelIds.length === 1 && !body.sales_channel_id
          ? { sales_channel_id: ctx.salesChannelIds[0] }
          : {}),
      }
      // The same lean-or-Medusa choice as REST's POST /store/carts.
      const { result } = leanCreateCartApplies(input)
        ? await leanCreateCartWorkflow(ctx.scope).run({ input })
        : await createCartWorkflow(ctx.scope).run({ input })
      if (guestEmail) {
        await assignGuestCustomerToCartWorkflow(ctx.scope).run({
          input: { cart_id: result.id, email: guestEmail },
        })
      }
      return refetchCart(ctx, result.id)
    },
    cartUpdate: async (
      _: unknown,
      args: {
        id: string
        input: {
          email?: string | null
          regionId?: string | null
          shippingAddress?: AddressInput | null
          billingAddress?: AddressInput | null
        }
      },
      ctx: Ctx
    ) => {
      await writeCart(ctx, args.id)
      const body = validate(
        StoreUpdateCart(),
        compact({
          email: args.input.email,
          region_id: args.input.regionId,
          shipping_address: addressIn(args.input.shippingAddress),
          billing_address: addressIn(args.input.billingAddress),
        })
      )
      if (await leanUpdateCartApplies(ctx.scope, args.id, body)) {
        // Medusa's validator's output is the REST body type.
        const { email, shipping_address, billing_address } = body as HttpTypes.StoreUpdateCart
        await leanUpdateCartWorkflow(ctx.scope).run({
          input: {
            id: args.id,
            email,
            // leanUpdateCartApplies() let only full addresses (or none) through
            shipping_address: shipping_address as CreateAddressDTO | undefined,
            billing_address: billing_address as CreateAddressDTO | undefined,
          },
        })
      } else {
        await updateCartWorkflow(ctx.scope).run({ input: { ...body, id: args.id } })
      }
      return refetchCart(ctx, args.id)
    },
    lineItemAdd: async (
      _: unknown,
      args: { cartId: string; variantId: string; quantity: number },
      ctx: Ctx
    ) => {
      await writeCart(ctx, args.cartId)
      const item = validate(StoreAddCartLineItem, {
        variant_id: args.variantId,
        quantity: args.quantity,
      })
      const tooMany = checkQuantities(item, readSecurityLimits().maxLineItemQuantity)
      if (tooMany) throw invalid(tooMany)
      const addInput = { cart_id: args.cartId, items: [item] }
      if (leanAddToCartApplies(item)) {
        await leanAddToCartWorkflow(ctx.scope).run({ input: addInput })
      } else {
        await addToCartWorkflow(ctx.scope).run({ input: addInput })
      }
      return refetchCart(ctx, args.cartId)
    },
    lineItemUpdate: async (
      _: unknown,
      args: { cartId: string; lineItemId: string; quantity: number },
      ctx: Ctx
    ) => {
      await writeCart(ctx, args.cartId)
      const update = validate(StoreUpdateCartLineItem, { quantity: args.quantity })
      const tooMany = checkQuantities(update, readSecurityLimits().maxLineItemQuantity)
      if (tooMany) throw invalid(tooMany)
      await updateLineItemInCartWorkflow(ctx.scope).run({
        input: { cart_id: args.cartId, item_id: args.lineItemId, update },
      })
      return refetchCart(ctx, args.cartId)
    },
    lineItemRemove: async (_: unknown, args: { cartId: string; lineItemId: string }, ctx: Ctx) => {
      await writeCart(ctx, args.cartId)
      await deleteLineItemsWorkflow(ctx.scope).run({
        input: { cart_id: args.cartId, ids: [args.lineItemId] },
      })
      return refetchCart(ctx, args.cartId)
    },
    promotionCodesAdd: async (_: unknown, args: { cartId: string; codes: string[] }, ctx: Ctx) => {
      await writeCart(ctx, args.cartId)
      await updateCartPromotionsWorkflow(ctx.scope).run({
        input: {
          cart_id: args.cartId,
          promo_codes: args.codes,
          action: args.codes.length ? PromotionActions.ADD : PromotionActions.REPLACE,
          force_refresh_payment_collection: true,
        },
      })
      return refetchCart(ctx, args.cartId)
    },
    promotionCodesRemove: async (
      _: unknown,
      args: { cartId: string; codes: string[] },
      ctx: Ctx
    ) => {
      await writeCart(ctx, args.cartId)
      await updateCartPromotionsWorkflow(ctx.scope).run({
        input: {
          cart_id: args.cartId,
          promo_codes: args.codes,
          action: PromotionActions.REMOVE,
          force_refresh_payment_collection: true,
        },
      })
      return refetchCart(ctx, args.cartId)
    },
    shippingMethodAdd: async (
      _: unknown,
      args: { cartId: string; optionId: string; data?: Record<string, unknown> | null },
      ctx: Ctx
    ) => {
      await writeCart(ctx, args.cartId)
      const options = [{ id: args.optionId, ...(args.data ? { data: args.data } : {}) }]
      if (leanAddShippingMethodApplies(options, undefined)) {
        await leanAddShippingMethodToCartWorkflow(ctx.scope).run({
          input: { cart_id: args.cartId, options },
        })
      } else {
        await addShippingMethodToCartWorkflow(ctx.scope).run({
          input: { cart_id: args.cartId, options },
        })
      }
      return refetchCart(ctx, args.cartId)
    },
    paymentCollectionCreate: async (_: unknown, args: { cartId: string }, ctx: Ctx) => {
      await assertCartAccess(ctx.scope, ctx.customerId, args.cartId, false)
      const query = ctx.scope.resolve(ContainerRegistrationKeys.QUERY)
      const existing = async () => {
        const { data } = await query.graph({
          entity: "cart",
          fields: ["payment_collection.id"],
          filters: { id: args.cartId },
        })
        const id: string | undefined = data[0]?.payment_collection?.id
        return id
      }
      let id = await existing()
      if (!id) {
        await createPaymentCollectionForCartWorkflow(ctx.scope).run({
          input: { cart_id: args.cartId },
        })
        id = await existing()
      }
      if (!id) throw invalid("The cart has no payment collection")
      return refetchPaymentCollection(ctx, id)
    },
    paymentSessionCreate: async (
      _: unknown,
      args: {
        paymentCollectionId: string
        providerId: string
        data?: Record<string, unknown> | null
      },
      ctx: Ctx
    ) => {
      await assertPaymentCollectionAccess(ctx.scope, ctx.customerId, args.paymentCollectionId)
      await createPaymentSessionsWorkflow(ctx.scope).run({
        input: {
          payment_collection_id: args.paymentCollectionId,
          provider_id: args.providerId,
          customer_id: ctx.customerId,
          data: args.data ?? undefined,
        },
      })
      return refetchPaymentCollection(ctx, args.paymentCollectionId)
    },
    cartComplete: async (_: unknown, args: { cartId: string }, ctx: Ctx) => {
      await writeCart(ctx, args.cartId)
      const { errors, result, transaction } = await completeCartWorkflow(ctx.scope).run({
        input: { id: args.cartId },
        throwOnError: false,
      })
      if (!transaction.hasFinished()) {
        throw new MedusaError(
          MedusaError.Types.CONFLICT,
          "Cart is already being completed by another request"
        )
      }
      const error = errors?.[0]?.error
      if (error) {
        // As REST: payment errors answer with the cart; the rest are errors.
        const okTypes: string[] = [
          MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
          MedusaError.Types.PAYMENT_REQUIRES_MORE_ERROR,
        ]
        if (!okTypes.includes(error.type)) throw error
        return { order: null, cart: await refetchCart(ctx, args.cartId), error: error.message }
      }
      return { order: await fetchOrder(ctx, result.id), cart: null, error: null }
    },
    customerRegister: async (
      _: unknown,
      args: {
        input: {
          email: string
          password: string
          firstName?: string | null
          lastName?: string | null
          phone?: string | null
        }
      },
      ctx: Ctx
    ) => {
      if (ctx.customerId) throw invalid("Request already authenticated as a customer.")
      const { email, password } = args.input
      const customerData = validate(
        StoreCreateCustomer,
        compact({
          email,
          first_name: args.input.firstName,
          last_name: args.input.lastName,
          phone: args.input.phone,
        })
      )
      return counted(ctx, "register", email, async () => {
        const problem = passwordProblem(password, email)
        if (problem) throw invalid(problem)
        const auth = ctx.scope.resolve(Modules.AUTH)
        const registered = await auth.register(
          "emailpass",
          await authData(ctx, { email, password })
        )
        if (!registered.success || !registered.authIdentity) {
          throw new MedusaError(
            MedusaError.Types.UNAUTHORIZED,
            registered.error || "Authentication failed"
          )
        }
        const { result } = await createCustomerAccountWorkflow(ctx.scope).run({
          input: { customerData, authIdentityId: registered.authIdentity.id },
        })
        const identity = await auth.retrieveAuthIdentity(registered.authIdentity.id)
        return {
          token: await customerToken(ctx, identity),
          customer: rows.customer({ ...result, addresses: [] } as rows.CustomerRow),
        }
      })
    },
    login: async (_: unknown, args: { email: string; password: string }, ctx: Ctx) =>
      counted(ctx, "login", args.email, async () => {
        const auth = ctx.scope.resolve(Modules.AUTH)
        const { success, error, authIdentity } = await auth.authenticate(
          "emailpass",
          await authData(ctx, { email: args.email, password: args.password })
        )
        if (!success || !authIdentity) {
          throw new MedusaError(MedusaError.Types.UNAUTHORIZED, error || "Authentication failed")
        }
        return { token: await customerToken(ctx, authIdentity), customer: null }
      }),
    logout: async (_: unknown, __: unknown, ctx: Ctx) => {
      const session = ctx.req.session
      if (!session?.auth_context) return false
      await new Promise<void>((resolve, reject) =>
        session.destroy((err: unknown) => (err ? reject(err) : resolve()))
      )
      return true
    },
    customerUpdate: async (
      _: unknown,
      args: {
        input: { firstName?: string | null; lastName?: string | null; phone?: string | null }
      },
      ctx: Ctx
    ) => {
      const id = requireCustomer(ctx)
      const update = validate(
        StoreUpdateCustomer,
        compact({
          first_name: args.input.firstName,
          last_name: args.input.lastName,
          phone: args.input.phone,
        })
      )
      await updateCustomersWorkflow(ctx.scope).run({
        input: { selector: { id }, update },
      })
      return customerById(ctx, id)
    },
    /** REST's POST /store/customers/me/addresses: the same validator and workflow. */
    customerAddressCreate: async (_: unknown, args: { input: CustomerAddressInput }, ctx: Ctx) => {
      const customerId = requireCustomer(ctx)
      const body = addressBody(StoreCreateCustomerAddress, args.input)
      const { result } = await createCustomerAddressesWorkflow(ctx.scope).run({
        input: { addresses: [{ ...body, customer_id: customerId }] },
      })
      return addressPayload(ctx, customerId, result[0].id)
    },
    /** REST's POST /store/customers/me/addresses/:id (404 for an address not the caller's). */
    customerAddressUpdate: async (
      _: unknown,
      args: { id: string; input: CustomerAddressInput },
      ctx: Ctx
    ) => {
      const customerId = requireCustomer(ctx)
      const update = addressBody(StoreUpdateCustomerAddress, args.input)
      await assertOwnAddress(ctx, customerId, args.id)
      await updateCustomerAddressesWorkflow(ctx.scope).run({
        input: { selector: { id: args.id, customer_id: customerId }, update },
      })
      return addressPayload(ctx, customerId, args.id)
    },
    /** REST's DELETE /store/customers/me/addresses/:id (404 for an address not the caller's). */
    customerAddressDelete: async (_: unknown, args: { id: string }, ctx: Ctx) => {
      const customerId = requireCustomer(ctx)
      await assertOwnAddress(ctx, customerId, args.id)
      await deleteCustomerAddressesWorkflow(ctx.scope).run({ input: { ids: [args.id] } })
      return { id: args.id, customer: await customerById(ctx, customerId) }
    },
  },
}
