import type { PathModule } from "../registry"
import { auditPaths } from "./audit"
import { dataRightsPaths } from "./data-rights"
import { authPaths } from "./auth"
import { docsPaths } from "./docs"
import { emailVerificationPaths } from "./email-verification"
import { operationsPaths } from "./operations"
import { reviewsPaths } from "./reviews"
import { ssoPaths } from "./sso"
import { storeCartPaths } from "./store-carts"
import { storeCatalogPaths } from "./store-catalog"
import { storeCheckoutPaths } from "./store-checkout"
import { storeCustomerPaths } from "./store-customers"
import { storeOrderPaths } from "./store-orders"
import { webhooksPaths } from "./webhooks"
import { wishlistPaths } from "./wishlist"

/**
 * Every documented feature, in the order their tags appear in the docs.
 * To document a feature: add src/openapi/paths/<feature>.ts exporting a PathModule whose
 * `register(registry)` calls `registry.registerPath(...)` with the zod schemas from the
 * feature's middleware file, and append it here. Then run `npm run docs:build`.
 */
export const pathModules: PathModule[] = [
  authPaths,
  ssoPaths,
  storeCustomerPaths,
  storeCatalogPaths,
  storeCartPaths,
  storeCheckoutPaths,
  storeOrderPaths,
  emailVerificationPaths,
  reviewsPaths,
  wishlistPaths,
  dataRightsPaths,
  auditPaths,
  webhooksPaths,
  operationsPaths,
  docsPaths,
]
