import { z } from "@medusajs/framework/zod"

/** The package name an app puts in `plugins: [{ resolve, options }]`. */
export const PLUGIN_NAME = "@commerce-api/plugin"

const enabled = z.boolean().default(true)
const feature = () => z.object({ enabled }).strict().prefault({})

/**
 * The plugin's options. Every feature is on by default (secure defaults); `enabled: false`
 * switches one off: its routes answer 404, its middlewares, subscribers and jobs do nothing.
 * Tuning (limits, TTLs, secrets) stays in environment variables, documented in the README.
 */
export const pluginOptionsSchema = z
  .object({
    reviews: z
      .object({
        enabled,
        /** Verified-purchase reviews are published without moderation (default: REVIEWS_AUTO_APPROVE_VERIFIED). */
        autoApproveVerified: z.boolean().optional(),
      })
      .strict()
      .prefault({}),
    wishlist: feature(),
    audit: feature(),
    emailVerification: feature(),
    /** Security headers, request-target checks, rate limits, brute-force protection, ownership checks. */
    security: feature(),
    /** The catalog response cache in front of /store product, category, collection and region reads. */
    catalogCache: feature(),
    /** Request ids, access log, Prometheus /metrics, /ready, tracing. */
    observability: feature(),
    /** /docs (Swagger UI) and /openapi.json, /openapi.yaml. */
    docs: feature(),
    /** The Stripe webhook guard and payment metrics (the provider itself is registered by the app). */
    payments: feature(),
    /** The GraphQL storefront API at /graphql (docs/graphql.md) and its operation limits. */
    graphql: z
      .object({
        enabled,
        limits: z
          .object({
            /** Deepest selection nesting (fragments flattened). */
            maxDepth: z.number().int().min(1).max(50).default(10),
            /** graphql-armor's cost: objects 2, scalars 1, times the depth factor 1.5 per level. */
            maxCost: z.number().int().min(1).max(1_000_000).default(20_000),
            /** Aliased fields per operation (100 aliased logins are refused, not run). */
            maxAliases: z.number().int().min(0).max(1000).default(15),
            maxDirectives: z.number().int().min(0).max(1000).default(20),
            /** Lexer tokens of a document (bounds parsing work before any check). */
            maxTokens: z.number().int().min(1).max(1_000_000).default(3000),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    /** GDPR data export, erasure (anonymisation) and retention of guests and abandoned carts. */
    dataRights: z
      .object({
        enabled,
        /** Hours between a confirmed erasure request and its execution (0 = at once). */
        gracePeriodHours: z.number().min(0).max(2160).default(72),
        /** What happens to an erased customer's reviews: kept as "Former customer", or deleted. */
        reviews: z.enum(["anonymise", "delete"]).default("anonymise"),
        retention: z
          .object({
            /** Guest customers untouched for this many days are anonymised (null = never). */
            guestCustomerDays: z.number().int().positive().nullable().default(730),
            /** Carts never completed and untouched for this many days are anonymised (null = never). */
            abandonedCartDays: z.number().int().positive().nullable().default(90),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    /**
     * Staff roles: our admin routes and the gaps in Medusa's own checks follow Medusa's RBAC
     * policies. Only acts while Medusa's `rbac` feature flag (MEDUSA_FF_RBAC) is on.
     */
    rbac: z
      .object({
        enabled,
        /** Largest refund without refund:above_limit, payment currency (default: RBAC_REFUND_LIMIT, else 100). */
        refundLimit: z.number().nonnegative().max(1e12).optional(),
      })
      .strict()
      .prefault({}),
    /** Sign-in through OIDC/Google/GitHub (providers from AUTH_* env): linking rules, staff policy. */
    sso: z
      .object({
        enabled,
        /** A first IdP sign-in whose IdP-verified e-mail matches a registered customer links to it. */
        linkVerifiedEmail: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    /**
     * Leaner handlers for the checkout's hot store routes (docs/performance.md): the same
     * responses and events as Medusa's core routes, from workflows composed of Medusa's own
     * steps that skip refreshes whose inputs did not change. `enabled: false` runs the core
     * route handlers unchanged.
     */
    leanCheckout: feature(),
    /** Signed outbound webhooks to merchants' systems (delivery tuning: WEBHOOKS_* variables). */
    webhooks: z
      .object({
        enabled,
        /** `inventory.low_stock` fires when a reservation takes available stock to this or below. */
        lowStockThreshold: z.number().int().min(0).max(1_000_000).default(5),
      })
      .strict()
      .prefault({}),
  })
  .strict()

export type PluginOptionsInput = z.input<typeof pluginOptionsSchema>
export type PluginOptions = z.output<typeof pluginOptionsSchema>
export type PluginFeature = keyof PluginOptions

/** Parses options, throwing one readable error that lists every problem. */
export function parsePluginOptions(raw: unknown): PluginOptions {
  const result = pluginOptionsSchema.safeParse(raw ?? {})
  if (result.success) return result.data
  const problems = result.error.issues.map((issue) => {
    const at = issue.path.length ? issue.path.join(".") : "(options)"
    return `${at}: ${issue.message}`
  })
  throw new Error(`Invalid options for ${PLUGIN_NAME}:\n - ${problems.join("\n - ")}`)
}

// One copy per process, set when the plugin's modules load (see modules/audit/loaders).
// A global symbol, so that two copies of this file (sources and build) agree.
const KEY = Symbol.for("commerce-api.plugin-options")
type Holder = { [KEY]?: PluginOptions }

export function setPluginOptions(options: PluginOptions): void {
  ;(globalThis as Holder)[KEY] = options
}

export function getPluginOptions(): PluginOptions {
  return (globalThis as Holder)[KEY] ?? parsePluginOptions({})
}

export function featureEnabled(name: PluginFeature): boolean {
  return getPluginOptions()[name].enabled
}
