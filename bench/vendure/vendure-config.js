// The bench's Vendure 3.7.3 server: one process on its own Postgres database
// (bench_vendure), the Shop API with bearer session tokens (the
// `vendure-auth-token` response header, sent back as `Authorization: Bearer`),
// guest checkout (Vendure's default), the job queue in memory and processed in
// this same process (server.js starts it), a payment handler that settles at
// once, and the sample data's flat-price shipping methods and Europe tax zone
// (seed.js). Plain JS: nothing to compile. Read from the environment:
// DATABASE_URL, PORT, COOKIE_SECRET, SUPERADMIN_PASSWORD.
const { DefaultSearchPlugin, LanguageCode, PaymentMethodHandler } = require("@vendure/core")

/** Settles every payment at once (our Medusa side uses pp_system_default, which authorises at once). */
const benchPaymentHandler = new PaymentMethodHandler({
  code: "bench-settled",
  description: [{ languageCode: LanguageCode.en, value: "Bench: settles at once" }],
  args: {},
  createPayment: (_ctx, _order, amount) => ({
    amount,
    state: "Settled",
    transactionId: `bench-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    metadata: {},
  }),
  settlePayment: () => ({ success: true }),
})

function vendureConfig({ synchronize = false } = {}) {
  const url = new URL(process.env.DATABASE_URL)
  return {
    apiOptions: {
      port: Number(process.env.PORT || 3000),
      adminApiPath: "admin-api",
      shopApiPath: "shop-api",
      shopApiPlayground: false,
      adminApiPlayground: false,
      shopApiDebug: false,
      adminApiDebug: false,
    },
    authOptions: {
      tokenMethod: "bearer",
      requireVerification: false,
      superadminCredentials: {
        identifier: "superadmin",
        password: process.env.SUPERADMIN_PASSWORD || "superadmin",
      },
      cookieOptions: { secret: process.env.COOKIE_SECRET || "bench" },
    },
    dbConnectionOptions: {
      type: "postgres",
      synchronize,
      logging: false,
      host: url.hostname,
      port: Number(url.port || 5432),
      username: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: url.pathname.slice(1),
    },
    paymentOptions: { paymentMethodHandlers: [benchPaymentHandler] },
    // jobQueueOptions left at the default: InMemoryJobQueueStrategy (jobs run in this process).
    customFields: {},
    // Search index kept in step at once (no buffering), as create-vendure-app configures it.
    plugins: [DefaultSearchPlugin.init({ bufferUpdates: false, indexStockStatus: true })],
  }
}

module.exports = { vendureConfig, benchPaymentHandler }
