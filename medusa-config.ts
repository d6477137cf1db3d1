import { defineConfig, loadEnv } from "@medusajs/framework/utils"
import { auditModules } from "./src/config/audit"
import { cacheFeatureFlags, cacheModules } from "./src/config/cache"
import { notificationsModules } from "./src/config/notifications"
import { paymentsModules } from "./src/config/payments"
import { reviewsModules } from "./src/config/reviews"
import { wishlistModules } from "./src/config/wishlist"
import { assertProductionSafety, readSettings } from "./src/lib/settings"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

const settings = readSettings(process.env)
assertProductionSafety(settings)

const redisModules = settings.redisUrl
  ? [
      {
        resolve: "@medusajs/medusa/cache-redis",
        options: { redisUrl: settings.redisUrl },
      },
      {
        resolve: "@medusajs/medusa/event-bus-redis",
        options: { redisUrl: settings.redisUrl },
      },
      {
        resolve: "@medusajs/medusa/workflow-engine-redis",
        options: { redis: { redisUrl: settings.redisUrl } },
      },
      {
        resolve: "@medusajs/medusa/locking",
        options: {
          providers: [
            {
              resolve: "@medusajs/medusa/locking-redis",
              id: "locking-redis",
              is_default: true,
              options: { redisUrl: settings.redisUrl },
            },
          ],
        },
      },
    ]
  : []

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: settings.databaseUrl,
    redisUrl: settings.redisUrl,
    workerMode: settings.workerMode,
    http: {
      storeCors: settings.storeCors,
      adminCors: settings.adminCors,
      authCors: settings.authCors,
      jwtSecret: settings.jwtSecret,
      cookieSecret: settings.cookieSecret,
    },
    cookieOptions: settings.cookieOptions,
  },
  featureFlags: { ...cacheFeatureFlags(settings) },
  admin: {
    disable: settings.adminDisabled,
    backendUrl: settings.backendUrl,
  },
  modules: [
    ...redisModules,
    ...paymentsModules(settings),
    ...notificationsModules(settings),
    ...auditModules(settings),
    ...reviewsModules(settings),
    ...wishlistModules(settings),
    ...cacheModules(settings),
  ],
})
