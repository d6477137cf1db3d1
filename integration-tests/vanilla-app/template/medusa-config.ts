import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

// create-medusa-app's medusa-config.ts plus what a team adds to use the plugin: its
// `plugins` entry (and any module registrations it documents). The harness writes the
// entries in place of the two markers; nothing else of ours is in this app.
module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS!,
      adminCors: process.env.ADMIN_CORS!,
      authCors: process.env.AUTH_CORS!,
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  plugins: [/* @vanilla-app:plugins */],
  modules: [/* @vanilla-app:modules */],
})
