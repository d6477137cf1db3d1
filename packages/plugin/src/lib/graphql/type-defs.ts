/**
 * The storefront GraphQL schema (SDL-first). docs/graphql/schema.graphql is this schema
 * printed; integration-tests/contract/docs.spec.ts fails when the two drift.
 */
export const typeDefs = /* GraphQL */ `
  "Arbitrary JSON (metadata, provider data)."
  scalar JSON

  type Query {
    "Published products of the publishable key's sales channels (REST: GET /store/products)."
    products(first: Int = 20, offset: Int = 0, filter: ProductFilter, regionId: ID): ProductPage!
    "One product by handle (REST: GET /store/products?handle=)."
    product(handle: String!, regionId: ID): Product
    categories(first: Int = 50, offset: Int = 0, handle: String, parentId: ID): [Category!]!
    collections(first: Int = 50, offset: Int = 0, handle: String): [Collection!]!
    regions: [Region!]!
    "A cart by id; another registered customer's cart is not found (as REST)."
    cart(id: ID!): Cart
    "Shipping options for a cart (REST: GET /store/shipping-options?cart_id=)."
    shippingOptions(cartId: ID!): [ShippingOption!]!
    "The logged-in customer, null for anonymous callers."
    me: Customer
    "An order by id; another registered customer's order is not found (as REST)."
    order(id: ID!): Order
    "Approved reviews of a product, newest first."
    reviews(productId: ID!, first: Int = 20, offset: Int = 0): ReviewPage!
    "The customer's wishlist, priced in the cart's or the given region (REST: /store/customers/me/wishlist)."
    wishlist(regionId: ID, cartId: ID): Wishlist!
    "A wishlist shared by link: its items and the owner's first name only."
    sharedWishlist(token: String!, regionId: ID): SharedWishlist!
  }

  type Mutation {
    cartCreate(input: CartCreateInput!): Cart!
    cartUpdate(id: ID!, input: CartUpdateInput!): Cart!
    lineItemAdd(cartId: ID!, variantId: ID!, quantity: Int!): Cart!
    lineItemUpdate(cartId: ID!, lineItemId: ID!, quantity: Int!): Cart!
    lineItemRemove(cartId: ID!, lineItemId: ID!): Cart!
    promotionCodesAdd(cartId: ID!, codes: [String!]!): Cart!
    promotionCodesRemove(cartId: ID!, codes: [String!]!): Cart!
    shippingMethodAdd(cartId: ID!, optionId: ID!, data: JSON): Cart!
    "The cart's payment collection, created when missing (REST: POST /store/payment-collections)."
    paymentCollectionCreate(cartId: ID!): PaymentCollection!
    paymentSessionCreate(
      paymentCollectionId: ID!
      providerId: String!
      data: JSON
    ): PaymentCollection!
    cartComplete(cartId: ID!): CartCompletion!
    "Registers an e-mail/password identity and its customer; returns a customer token."
    customerRegister(input: CustomerRegisterInput!): AuthResult!
    """
    E-mail/password login (the emailpass provider of /auth/customer/emailpass). Nullable so
    that every aliased login runs and counts as one attempt against the brute-force limits.
    """
    login(email: String!, password: String!): AuthResult
    "Ends the cookie session, if any (bearer tokens simply stop being sent)."
    logout: Boolean!
    customerUpdate(input: CustomerUpdateInput!): Customer!
    "Saves an address for the logged-in customer (REST: POST /store/customers/me/addresses)."
    customerAddressCreate(input: CustomerAddressInput!): CustomerAddressPayload!
    "Edits one of the caller's addresses; another customer's is not found (REST: POST /store/customers/me/addresses/:id)."
    customerAddressUpdate(id: ID!, input: CustomerAddressInput!): CustomerAddressPayload!
    "Deletes one of the caller's addresses (REST: DELETE /store/customers/me/addresses/:id)."
    customerAddressDelete(id: ID!): CustomerAddressDeletion!
    wishlistItemAdd(variantId: ID!): WishlistItemAdded!
    "Removes an item of the caller's wishlist; returns its id."
    wishlistItemRemove(itemId: ID!): ID!
    wishlistItemMoveToCart(itemId: ID!, cartId: ID!, quantity: Int): Cart!
    "The caller's wishlist share token, created when missing (REST: POST /store/customers/me/wishlist/share)."
    wishlistShare: String!
    "Revokes the share token: the old link stops working; idempotent (REST: DELETE …/wishlist/share)."
    wishlistShareRevoke: Boolean!
    "Writes the caller's review of a product, or edits it (one per customer and product)."
    reviewUpsert(productId: ID!, input: ReviewInput!): OwnReview!
    "Deletes the caller's review of a product; returns its id."
    reviewDelete(productId: ID!): ID!
    "Marks another customer's review helpful (once per customer); returns the new count."
    reviewHelpful(reviewId: ID!): Int!
  }

  type Wishlist {
    id: ID!
    shareToken: String
    items: [WishlistItem!]!
  }

  type SharedWishlist {
    id: ID!
    ownerFirstName: String
    items: [WishlistItem!]!
  }

  type WishlistItem {
    id: ID!
    variantId: ID!
    createdAt: String!
    variant: WishlistVariant!
  }

  type WishlistVariant {
    id: ID!
    title: String
    sku: String
    productId: ID!
    productTitle: String!
    productHandle: String!
    thumbnail: String
    price: Price
  }

  type WishlistItemAdded {
    id: ID!
    variantId: ID!
    "False when the variant was already on the wishlist (the call is idempotent)."
    created: Boolean!
  }

  input ReviewInput {
    rating: Int!
    title: String!
    body: String!
  }

  "The author's own view of a review: with its moderation status."
  type OwnReview {
    id: ID!
    productId: ID!
    rating: Int!
    title: String!
    body: String!
    status: String!
    verifiedPurchase: Boolean!
    helpfulCount: Int!
    created: Boolean!
  }

  input ProductFilter {
    "Full-text search, as REST's q."
    q: String
    handle: String
    categoryId: [ID!]
    collectionId: [ID!]
  }

  type ProductPage {
    count: Int!
    offset: Int!
    limit: Int!
    nodes: [Product!]!
  }

  type Product {
    id: ID!
    title: String!
    subtitle: String
    description: String
    handle: String!
    thumbnail: String
    collection: Collection
    categories: [Category!]!
    options: [ProductOption!]!
    variants: [Variant!]!
    "Average rating, count and 1-5 histogram of approved reviews (batched per page)."
    reviewSummary: ReviewSummary!
  }

  type ProductOption {
    id: ID!
    title: String!
    values: [String!]!
  }

  type Variant {
    id: ID!
    title: String
    sku: String
    options: [VariantOptionValue!]!
    "The price in the requested region (null without regionId)."
    price: Price
    manageInventory: Boolean!
    allowBackorder: Boolean!
    "Sellable units in the key's sales channel (null when inventory is not managed)."
    inventoryQuantity: Int
    inStock: Boolean!
  }

  type VariantOptionValue {
    option: String
    value: String!
  }

  type Price {
    amount: Float!
    originalAmount: Float
    currencyCode: String!
    priceListType: String
  }

  type ReviewSummary {
    productId: ID!
    average: Float
    count: Int!
    histogram: [Int!]!
  }

  type ReviewPage {
    count: Int!
    nodes: [Review!]!
  }

  type Review {
    id: ID!
    productId: ID!
    rating: Int!
    title: String
    body: String
    authorName: String
    verifiedPurchase: Boolean!
    helpfulCount: Int!
    createdAt: String!
  }

  type Category {
    id: ID!
    name: String!
    handle: String!
    description: String
    parentId: ID
  }

  type Collection {
    id: ID!
    title: String!
    handle: String!
  }

  type Region {
    id: ID!
    name: String!
    currencyCode: String!
    countries: [String!]!
  }

  type Address {
    id: ID
    firstName: String
    lastName: String
    company: String
    address1: String
    address2: String
    city: String
    postalCode: String
    province: String
    countryCode: String
    phone: String
    "A customer's saved address only (null on cart and order addresses)."
    addressName: String
    isDefaultShipping: Boolean
    isDefaultBilling: Boolean
  }

  input AddressInput {
    firstName: String
    lastName: String
    company: String
    address1: String
    address2: String
    city: String
    postalCode: String
    province: String
    countryCode: String
    phone: String
  }

  type LineItem {
    id: ID!
    title: String!
    variantId: ID
    productId: ID
    quantity: Int!
    unitPrice: Float!
    total: Float!
  }

  type ShippingMethod {
    id: ID!
    name: String!
    amount: Float!
    shippingOptionId: ID
  }

  type ShippingOption {
    id: ID!
    name: String!
    amount: Float
    priceType: String
  }

  type Cart {
    id: ID!
    email: String
    currencyCode: String!
    regionId: ID
    customerId: ID
    items: [LineItem!]!
    shippingMethods: [ShippingMethod!]!
    shippingAddress: Address
    billingAddress: Address
    promotionCodes: [String!]!
    subtotal: Float!
    discountTotal: Float!
    shippingTotal: Float!
    taxTotal: Float!
    total: Float!
    paymentCollection: PaymentCollection
    completedAt: String
  }

  input CartCreateInput {
    regionId: ID
    email: String
    currencyCode: String
    countryCode: String
  }

  input CartUpdateInput {
    email: String
    regionId: ID
    shippingAddress: AddressInput
    billingAddress: AddressInput
  }

  type PaymentCollection {
    id: ID!
    amount: Float!
    currencyCode: String!
    status: String!
    paymentSessions: [PaymentSession!]!
  }

  type PaymentSession {
    id: ID!
    providerId: String!
    status: String!
    amount: Float!
  }

  "The order, or the cart with the payment error when the payment needs more (REST's 200 answers)."
  type CartCompletion {
    order: Order
    cart: Cart
    error: String
  }

  type Order {
    id: ID!
    displayId: Int
    email: String
    status: String!
    currencyCode: String!
    customerId: ID
    items: [LineItem!]!
    shippingAddress: Address
    subtotal: Float!
    shippingTotal: Float!
    taxTotal: Float!
    discountTotal: Float!
    total: Float!
    createdAt: String!
  }

  type Customer {
    id: ID!
    email: String!
    firstName: String
    lastName: String
    phone: String
    hasAccount: Boolean!
    addresses: [Address!]!
    orders(first: Int = 10, offset: Int = 0): [Order!]!
  }

  input CustomerRegisterInput {
    email: String!
    password: String!
    firstName: String
    lastName: String
    phone: String
  }

  input CustomerUpdateInput {
    firstName: String
    lastName: String
    phone: String
  }

  "A customer's saved address (REST's StoreCreateCustomerAddress); text fields are bounded."
  input CustomerAddressInput {
    addressName: String
    isDefaultShipping: Boolean
    isDefaultBilling: Boolean
    firstName: String
    lastName: String
    company: String
    address1: String
    address2: String
    city: String
    postalCode: String
    province: String
    countryCode: String
    phone: String
    metadata: JSON
  }

  type CustomerAddressPayload {
    address: Address!
    "The customer with all their addresses (a new default unsets the previous one)."
    customer: Customer!
  }

  type CustomerAddressDeletion {
    "The deleted address's id."
    id: ID!
    customer: Customer!
  }

  type AuthResult {
    "A customer JWT for the Authorization: Bearer header."
    token: String!
    customer: Customer
  }
`
