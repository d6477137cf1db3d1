// Sign-in through an identity provider: the shopper's first sign-in and the staff policy.
export * from "./complete-sso-customer"
export * from "./authorize-sso-user"
export * from "./steps/resolve-sso-customer"
export * from "./steps/mark-email-verified-by-idp"
export * from "./steps/authorize-sso-user"
