import { defineMiddlewares } from "@medusajs/framework/http"
import { auditMiddlewares } from "./middlewares/audit"
import { cacheMiddlewares } from "./middlewares/cache"
import { docsMiddlewares } from "./middlewares/docs"
import { observabilityMiddlewares } from "./middlewares/observability"
import { paymentsMiddlewares } from "./middlewares/payments"
import { reviewsMiddlewares } from "./middlewares/reviews"
import { securityMiddlewares } from "./middlewares/security"
import { securityAuthMiddlewares } from "./middlewares/security-auth"
import { securityOwnershipMiddlewares } from "./middlewares/security-ownership"
import { wishlistMiddlewares } from "./middlewares/wishlist"
import { securityErrorHandler } from "../lib/security/error-handler"
import { readSettings } from "../lib/settings"

// Each feature owns one file in ./middlewares; the order here is the order in
// which cross-cutting concerns see a request: observe, protect, authorize,
// audit, serve from cache, then feature validators.
export default defineMiddlewares({
  routes: [
    ...observabilityMiddlewares,
    ...securityMiddlewares,
    ...securityAuthMiddlewares,
    ...securityOwnershipMiddlewares,
    ...auditMiddlewares,
    ...cacheMiddlewares,
    ...paymentsMiddlewares,
    ...reviewsMiddlewares,
    ...wishlistMiddlewares,
    ...docsMiddlewares,
  ],
  // Medusa's handler plus: client-caused 500s become 400, production hides 5xx details.
  errorHandler: securityErrorHandler({ production: readSettings(process.env).isProduction }),
})
