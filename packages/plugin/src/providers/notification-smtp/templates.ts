/** Plain-text mail bodies for the notification templates this project sends. */
export type RenderedMail = { subject: string; text: string }

export function renderTemplate(template: string, data: Record<string, unknown>): RenderedMail {
  switch (template) {
    case "email-verification":
      return {
        subject: "Confirm your e-mail address",
        text: [
          `Hello${data.first_name ? ` ${data.first_name}` : ""},`,
          "",
          "please confirm your e-mail address with this code:",
          "",
          `Verification token: ${data.token}`,
          "",
          data.url ? `Or open: ${data.url}` : "",
          "The code expires in 48 hours. If you did not create an account, ignore this mail.",
        ].join("\n"),
      }
    case "password-reset":
      return {
        subject: "Reset your password",
        text: [
          "Someone asked to reset the password of your account.",
          "",
          `Reset token: ${data.token}`,
          "",
          data.url ? `Or open: ${data.url}` : "",
          "If it was not you, ignore this mail: your password stays unchanged.",
        ].join("\n"),
      }
    case "webhook-endpoint-disabled":
      return {
        subject: "A webhook endpoint was disabled",
        text: [
          `The webhook endpoint ${data.url} (${data.id}) was disabled after ${data.consecutive_failures} failed deliveries in a row.`,
          "",
          `Last reason: ${data.reason ?? "unknown"}`,
          "",
          "Events for it are kept. Fix the receiver, then enable the endpoint again in the admin (Settings → Webhooks): the queued events are delivered in order.",
        ].join("\n"),
      }
    case "data-erasure-confirmation":
      return {
        subject: "Confirm the erasure of your account",
        text: [
          `Hello${data.first_name ? ` ${data.first_name}` : ""},`,
          "",
          "you asked us to erase your account and personal data. Confirm it with this code:",
          "",
          `Erasure token: ${data.token}`,
          "",
          data.url ? `Or open: ${data.url}` : "",
          "The code expires in 24 hours. Order records that tax law requires us to keep stay,",
          "without your name or contact details. If it was not you, ignore this mail.",
        ].join("\n"),
      }
    default:
      return { subject: String(data.subject ?? template), text: String(data.text ?? "") }
  }
}
