import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"

export type SendNotificationInput = {
  to: string
  template: string
  data: Record<string, unknown>
}

/** Sends one e-mail through the notification module's "email" channel. */
export const sendEmailNotificationStep = createStep(
  "send-email-notification",
  async (input: SendNotificationInput, { container }) => {
    const notifications = container.resolve(Modules.NOTIFICATION)
    const sent = await notifications.createNotifications({
      to: input.to,
      channel: "email",
      template: input.template,
      data: input.data,
    })
    return new StepResponse({ id: sent.id })
  }
)
