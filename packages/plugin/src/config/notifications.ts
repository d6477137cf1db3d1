import type { Settings } from "../lib/settings"

/**
 * Notification module with an "email" channel: SMTP when SMTP_URL is set,
 * otherwise the local provider, which only logs (development, tests without
 * a mail server). The plugin registers its e-mail verification module itself.
 */
export function notificationsModules(_settings: Settings): Record<string, unknown>[] {
  const smtpUrl = process.env.SMTP_URL
  const email = smtpUrl
    ? {
        resolve: "@commerce-api/plugin/providers/notification-smtp",
        id: "smtp",
        options: {
          channels: ["email"],
          url: smtpUrl,
          from: process.env.SMTP_FROM || "Webshop <no-reply@localhost>",
        },
      }
    : null
  return [
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/notification-local",
            id: "local",
            options: {
              name: "Local notifications",
              channels: email ? ["feed"] : ["feed", "email"],
            },
          },
          ...(email ? [email] : []),
        ],
      },
    },
  ]
}
