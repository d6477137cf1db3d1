// Every workflow and step of the plugin, with their input types, for plugins that compose
// them or register hook handlers (docs/extending.md). Handlers of ours on Medusa's own
// workflows (./hooks) are not exports: Medusa loads them.
export * from "./reviews"
export * from "./wishlist"
export * from "./email-verification"
export * from "./audit"
export * from "./guest-carts"
export * from "./sso"
export * from "./webhooks"
export * from "./data-rights"
export * from "./checkout"
