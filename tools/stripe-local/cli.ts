/**
 * `npm run stripe:local` — runs the Stripe-compatible local server.
 *
 *   --port <n>            STRIPE_LOCAL_PORT            (default 12111)
 *   --host <addr>         STRIPE_LOCAL_HOST            (default 127.0.0.1)
 *   --api-key <sk_test_>  STRIPE_API_KEY               (default: any sk_test_ key)
 *   --webhook-url <url>   STRIPE_LOCAL_WEBHOOK_URL     (default http://localhost:9000/hooks/payment/stripe_stripe;
 *                                                       "none" disables delivery)
 *   --webhook-secret <s>  STRIPE_WEBHOOK_SECRET        (default whsec_local_dev_only)
 *   --webhook-delay <ms>  STRIPE_LOCAL_WEBHOOK_DELAY_MS (default 0)
 */
import { startStripeLocal } from "./server"

export const DEFAULT_WEBHOOK_URL = "http://localhost:9000/hooks/payment/stripe_stripe"
export const DEFAULT_WEBHOOK_SECRET = "whsec_local_dev_only"

export function cliOptions(argv: string[], env: Record<string, string | undefined>) {
  const flags: Record<string, string> = {}
  for (let i = 0; i < argv.length; i++) {
    const m = argv[i].match(/^--([a-z-]+)(?:=(.*))?$/)
    if (!m) throw new Error(`Unexpected argument: ${argv[i]}`)
    const value = m[2] ?? argv[++i]
    if (value === undefined) throw new Error(`--${m[1]} needs a value`)
    flags[m[1]] = value
  }
  const known = ["port", "host", "api-key", "webhook-url", "webhook-secret", "webhook-delay"]
  for (const f of Object.keys(flags)) if (!known.includes(f)) throw new Error(`Unknown flag --${f}`)
  const webhookUrl = flags["webhook-url"] ?? env.STRIPE_LOCAL_WEBHOOK_URL ?? DEFAULT_WEBHOOK_URL
  const secret = flags["webhook-secret"] ?? env.STRIPE_WEBHOOK_SECRET ?? DEFAULT_WEBHOOK_SECRET
  return {
    port: Number(flags.port ?? env.STRIPE_LOCAL_PORT ?? 12111),
    host: flags.host ?? env.STRIPE_LOCAL_HOST ?? "127.0.0.1",
    apiKey: flags["api-key"] ?? env.STRIPE_API_KEY,
    webhookDelayMs: Number(flags["webhook-delay"] ?? env.STRIPE_LOCAL_WEBHOOK_DELAY_MS ?? 0),
    webhooks: webhookUrl === "none" ? [] : [{ url: webhookUrl, secret }],
  }
}

async function main() {
  const options = cliOptions(process.argv.slice(2), process.env)
  const server = await startStripeLocal({ ...options, log: (line) => console.log(line) })
  console.log(`Stripe-compatible local server listening on ${server.url}`)
  console.log(`  point Medusa at it: STRIPE_API_BASE=${server.url} STRIPE_API_KEY=sk_test_...`)
  for (const w of options.webhooks) {
    console.log(
      `  webhooks -> ${w.url} (signing secret ${w.secret === DEFAULT_WEBHOOK_SECRET ? w.secret : "from flags/env"})`
    )
  }
  const stop = () => {
    server.close().finally(() => process.exit(0))
  }
  process.on("SIGINT", stop)
  process.on("SIGTERM", stop)
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err.message ?? err)
    process.exit(1)
  })
}
