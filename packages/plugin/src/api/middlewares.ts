import { defineMiddlewares, type MiddlewareRoute } from "@medusajs/framework/http"
import { auditMiddlewares } from "./middlewares/audit"
import { dataRightsMiddlewares, erasedCustomerMiddlewares } from "./middlewares/data-rights"
import { cacheMiddlewares } from "./middlewares/cache"
import { docsMiddlewares } from "./middlewares/docs"
import { featureGateMiddlewares, whenEnabled } from "./middlewares/feature-gate"
import { graphqlMiddlewares, graphqlSecurityMiddlewares } from "./middlewares/graphql"
import { observabilityMiddlewares } from "./middlewares/observability"
import { paymentsMiddlewares } from "./middlewares/payments"
import { rbacMiddlewares } from "./middlewares/rbac"
import { reviewsMiddlewares } from "./middlewares/reviews"
import { securityMiddlewares } from "./middlewares/security"
import { securityAuthMiddlewares } from "./middlewares/security-auth"
import { securityOwnershipMiddlewares } from "./middlewares/security-ownership"
import { ssoMiddlewares } from "./middlewares/sso"
import { webhooksMiddlewares } from "./middlewares/webhooks"
import { wishlistMiddlewares } from "./middlewares/wishlist"
import { securityErrorHandler } from "../lib/security/error-handler"
import { readSettings } from "../lib/settings"

// E-mail verification's body validator lives with the auth hardening; it follows its feature.
const isVerifyEmail = (route: MiddlewareRoute) => String(route.matcher).includes("/verify-email")
const verifyEmailMiddlewares = securityAuthMiddlewares.filter(isVerifyEmail)
const authMiddlewares = securityAuthMiddlewares.filter((route) => !isVerifyEmail(route))

// Each feature owns one file in ./middlewares; the order here is the order in
// which cross-cutting concerns see a request: observe, protect, authorize,
// audit, serve from cache, then feature validators. A feature switched off in the
// plugin's options keeps its middlewares inert and its own routes answer 404.
export default defineMiddlewares({
  routes: [
    ...whenEnabled("observability", observabilityMiddlewares),
    ...featureGateMiddlewares,
    ...whenEnabled("security", securityMiddlewares),
    ...whenEnabled("security", authMiddlewares),
    ...whenEnabled("security", graphqlSecurityMiddlewares),
    ...whenEnabled("emailVerification", verifyEmailMiddlewares),
    ...whenEnabled("security", securityOwnershipMiddlewares),
    ...whenEnabled("sso", ssoMiddlewares),
    ...whenEnabled("rbac", rbacMiddlewares),
    // Erased customers' old tokens stay refused even with the feature switched off later.
    ...erasedCustomerMiddlewares,
    ...whenEnabled("audit", auditMiddlewares),
    ...whenEnabled("catalogCache", cacheMiddlewares),
    ...whenEnabled("payments", paymentsMiddlewares),
    ...whenEnabled("reviews", reviewsMiddlewares),
    ...whenEnabled("wishlist", wishlistMiddlewares),
    ...whenEnabled("webhooks", webhooksMiddlewares),
    ...whenEnabled("dataRights", dataRightsMiddlewares),
    ...whenEnabled("docs", docsMiddlewares),
    ...graphqlMiddlewares,
  ],
  // Medusa's handler plus: client-caused 500s become 400, production hides 5xx details.
  errorHandler: securityErrorHandler({ production: readSettings(process.env).isProduction }),
})
