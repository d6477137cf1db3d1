// The e-mail verification workflows, their steps and input types, for plugins that
// compose them (docs/extending.md). The audit step is exported from ../audit.
export * from "./send-email-verification"
export * from "./verify-customer-email"
export * from "./steps/issue-verification-token"
export * from "./steps/confirm-email-verification"
export * from "./steps/send-notification"
