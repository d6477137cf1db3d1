import Medusa from "@medusajs/js-sdk"

// Defined by Medusa's admin bundler from admin.backendUrl in medusa-config.
declare const __BACKEND_URL__: string | undefined

export const sdk = new Medusa({
  baseUrl: typeof __BACKEND_URL__ !== "undefined" && __BACKEND_URL__ ? __BACKEND_URL__ : "/",
  auth: { type: "session" },
})
