import fs from "node:fs"
import path from "node:path"
import { defineConfig, loadEnv } from "@medusajs/framework/utils"
import { authMethodsPerActor, authModules, readSsoConfig } from "@commerce-api/plugin/config/auth"
import { cacheFeatureFlags, cacheModules } from "@commerce-api/plugin/config/cache"
import { notificationsModules } from "@commerce-api/plugin/config/notifications"
import { paymentsModules } from "@commerce-api/plugin/config/payments"
import type { PluginOptionsInput } from "@commerce-api/plugin/lib/plugin-options"
import { assertProductionSafety, readSettings } from "@commerce-api/plugin/lib/settings"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

const settings = readSettings(process.env)
assertProductionSafety(settings)
// OIDC / Google / GitHub sign-in from AUTH_* env (packages/plugin/src/config/auth.ts); throws on a bad setup.
const sso = readSsoConfig(process.env)
const authMethods = authMethodsPerActor(sso)

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

// Test-only routes (/ops-test/*) are a local plugin under integration-tests/, which
// `medusa build` never compiles, so a production build cannot contain them. Loaded only
// under NODE_ENV=test; its routes also want ENABLE_TEST_ROUTES=true at request time.
// `npm test` links its sources to where Medusa reads a plugin's (scripts/lib/test-routes.js).
const testRoutesPlugin = path.join(__dirname, "integration-tests/test-routes")
const testPlugins =
  settings.env === "test" && fs.existsSync(path.join(testRoutesPlugin, ".medusa/server/src"))
    ? [{ resolve: testRoutesPlugin, options: {} }]
    : []

// Our features come from the plugin in packages/plugin, installed by its package name as
// any Medusa app would (an npm workspace here). Every feature is on by default;
// COMMERCE_PLUGIN_OPTIONS (JSON) switches some off, e.g. '{"reviews":{"enabled":false}}'.
// The plugin validates them when it loads.
function commercePluginOptions(raw: string | undefined): PluginOptionsInput {
  if (!raw) return {}
  try {
    return JSON.parse(raw) as PluginOptionsInput
  } catch (e) {
    throw new Error(`COMMERCE_PLUGIN_OPTIONS is not valid JSON: ${(e as Error).message}`)
  }
}
const commerceOptions = commercePluginOptions(process.env.COMMERCE_PLUGIN_OPTIONS)

const plugins = [{ resolve: "@commerce-api/plugin", options: commerceOptions }, ...testPlugins]

// Staff roles (docs/decisions/0150): Medusa's RBAC behind MEDUSA_FF_RBAC (`npm start` sets it).
// defineConfig registers the RBAC module only if the flag is known when this file is evaluated,
// which is not the case where the config loads before Medusa's own flags (test runner), so the
// module and the flag are listed here explicitly.
const rbacOn = ["true", "1"].includes(String(process.env.MEDUSA_FF_RBAC).toLowerCase())
const rbacModules = rbacOn ? [{ resolve: "@medusajs/medusa/rbac" }] : []

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
      ...(authMethods ? { authMethodsPerActor: authMethods } : {}),
    },
    cookieOptions: settings.cookieOptions,
  },
  plugins,
  featureFlags: { ...cacheFeatureFlags(settings), ...(rbacOn ? { rbac: true } : {}) },
  admin: {
    disable: settings.adminDisabled,
    backendUrl: settings.backendUrl,
  },
  modules: [
    ...redisModules,
    ...paymentsModules(settings),
    ...notificationsModules(settings),
    ...authModules(sso),
    ...cacheModules(settings),
    ...rbacModules,
  ],
})
