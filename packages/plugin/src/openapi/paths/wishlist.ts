import {
  AddWishlistItemBody,
  AdminWishlistQuery,
  MoveWishlistItemToCartBody,
  WishlistPricingQuery,
} from "../../api/store/customers/me/wishlist/validators"
import { DeletedSchema, body, errors, json } from "../components"
import { OpenAPIRegistry, security, z, type PathModule } from "../registry"

// Shapes follow src/workflows/wishlist/helpers/present-wishlist.ts and the route files.
const WishlistItem = z
  .object({
    id: z.string(),
    variant_id: z.string(),
    created_at: z.string(),
    variant: z.object({
      id: z.string(),
      title: z.string().nullable(),
      sku: z.string().nullable(),
      product: z.object({
        id: z.string(),
        title: z.string(),
        handle: z.string(),
        thumbnail: z.string().nullable(),
      }),
      calculated_price: z
        .object({
          calculated_amount: z.number().nullable(),
          original_amount: z.number().nullable(),
          currency_code: z.string().nullable(),
        })
        .nullable()
        .openapi({ description: "null unless `cart_id` or `region_id` is given." }),
    }),
  })
  .openapi("WishlistItem")

const wishlistFields = {
  id: z.string(),
  sales_channel_id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  items: z.array(WishlistItem),
}
const Wishlist = z
  .object({ ...wishlistFields, share_token: z.string().nullable() })
  .openapi("Wishlist")
const AdminWishlist = z
  .object({
    ...wishlistFields,
    sales_channel: z.object({ id: z.string(), name: z.string().nullable() }),
    shared: z.boolean(),
  })
  .openapi("AdminWishlist")
const SharedWishlist = z
  .object({
    id: z.string(),
    owner: z.object({ first_name: z.string().nullable() }),
    items: z.array(WishlistItem),
  })
  .openapi("SharedWishlist", { description: "Nothing about the owner beyond a first name." })

const idParams = z.object({ id: z.string() })
const scDescription =
  "The wishlist belongs to the sales channel of the publishable key, which must be scoped to exactly one channel (400 otherwise)."

function register(registry: OpenAPIRegistry) {
  const tags = ["Wishlist"]
  const Pricing = registry.register("WishlistPricingQuery", WishlistPricingQuery)
  registry.registerPath({
    method: "get",
    path: "/store/customers/me/wishlist",
    tags,
    summary: "The customer's wishlist (created on first read)",
    description: scDescription,
    security: security.customer,
    request: { query: Pricing },
    responses: {
      "200": json("Wishlist", z.object({ wishlist: Wishlist })),
      ...errors(400, 401, 404),
    },
  })
  const itemResponse = z.object({
    wishlist_item: z.object({ id: z.string(), variant_id: z.string(), created_at: z.string() }),
    created: z.boolean(),
  })
  registry.registerPath({
    method: "post",
    path: "/store/customers/me/wishlist/items",
    tags,
    summary: "Add a variant (201), or find it already there (200)",
    description: scDescription,
    security: security.customer,
    request: { body: body(registry.register("AddWishlistItemBody", AddWishlistItemBody)) },
    responses: {
      "200": json("Already in the wishlist", itemResponse),
      "201": json("Added", itemResponse),
      ...errors(400, 401, 404, 409, 422),
    },
  })
  registry.registerPath({
    method: "delete",
    path: "/store/customers/me/wishlist/items/{id}",
    tags,
    summary: "Remove an item",
    security: security.customer,
    request: { params: idParams },
    responses: { "200": json("Removed", DeletedSchema), ...errors(400, 401, 404) },
  })
  registry.registerPath({
    method: "post",
    path: "/store/customers/me/wishlist/items/{id}/move-to-cart",
    tags,
    summary: "Move an item into one of the customer's carts",
    description:
      "Removes the item and adds its variant to the cart; if adding fails the item is restored.",
    security: security.customer,
    request: {
      params: idParams,
      body: body(registry.register("MoveWishlistItemToCartBody", MoveWishlistItemToCartBody)),
    },
    responses: {
      "200": json(
        "Moved",
        z.object({ cart_id: z.string(), variant_id: z.string(), removed_item_id: z.string() })
      ),
      ...errors(400, 401, 403, 404, 409, 422),
    },
  })
  registry.registerPath({
    method: "post",
    path: "/store/customers/me/wishlist/share",
    tags,
    summary: "Create (or return) the wishlist's share token",
    security: security.customer,
    responses: {
      "200": json("Share token", z.object({ share_token: z.string() })),
      ...errors(400, 401),
    },
  })
  registry.registerPath({
    method: "delete",
    path: "/store/customers/me/wishlist/share",
    tags,
    summary: "Revoke the share token",
    security: security.customer,
    responses: {
      "200": json("Revoked", z.object({ share_token: z.null(), revoked: z.literal(true) })),
      ...errors(400, 401),
    },
  })
  registry.registerPath({
    method: "get",
    path: "/store/wishlists/shared/{token}",
    tags,
    summary: "A shared wishlist, read-only",
    description: "Only opens in the storefront (sales channel) it was shared from.",
    security: security.store,
    request: { params: z.object({ token: z.string() }), query: Pricing },
    responses: {
      "200": json("Shared wishlist", z.object({ wishlist: SharedWishlist })),
      ...errors(400, 404),
    },
  })
  registry.registerPath({
    method: "get",
    path: "/admin/customers/{id}/wishlist",
    tags,
    summary: "Every wishlist of a customer (one per sales channel)",
    security: security.admin,
    request: { params: idParams, query: AdminWishlistQuery },
    responses: {
      "200": json("Wishlists", z.object({ wishlists: z.array(AdminWishlist) })),
      ...errors(400, 401, 403, 404),
    },
  })
}

export const wishlistPaths: PathModule = {
  tag: "Wishlist",
  description: "A customer's wishlist per sales channel, sharing by token, admin view.",
  register,
}
