import type { MiddlewareRoute } from "@medusajs/framework/http"
import { verifyStripeWebhook } from "../../lib/payments/stripe-webhook"

export const paymentsMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/hooks/payment/:provider",
    method: ["POST"],
    bodyParser: { preserveRawBody: true },
    middlewares: [verifyStripeWebhook(() => process.env.STRIPE_WEBHOOK_SECRET)],
  },
]
