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
})
