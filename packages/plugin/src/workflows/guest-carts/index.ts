// The guest-cart workflow and its step, for plugins that compose them (docs/extending.md).
export * from "./assign-guest-customer-to-cart"
export * from "./steps/assign-guest-customer"
