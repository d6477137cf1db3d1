// The plugin's public types (docs/extending.md): its data models as Medusa infers them,
// the inputs and outputs of its workflows, and what each hook handler receives.
// Type-only: importing this file runs no code.
export type * from "./reviews"
export type * from "./wishlist"
export type * from "./email-verification"
export type * from "./audit"
export type * from "./guest-carts"
export type * from "./workflows"
