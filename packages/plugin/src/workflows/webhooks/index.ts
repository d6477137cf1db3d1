// The webhooks workflows and steps, for plugins that compose them (docs/extending.md).
export * from "./create-webhook-endpoint"
export * from "./update-webhook-endpoint"
export * from "./delete-webhook-endpoint"
export * from "./rotate-webhook-secret"
export * from "./send-test-webhook"
export * from "./redeliver-webhook"
export * from "./steps/webhook-endpoint"
