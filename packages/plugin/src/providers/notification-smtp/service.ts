import { AbstractNotificationProviderService, MedusaError } from "@medusajs/framework/utils"
import type {
  Logger,
  ProviderSendNotificationDTO,
  ProviderSendNotificationResultsDTO,
} from "@medusajs/framework/types"
import nodemailer, { type Transporter } from "nodemailer"
import { renderTemplate } from "./templates"

export type SmtpOptions = { url: string; from: string }

/** Sends notifications of the "email" channel through an SMTP server (SMTP_URL). */
class SmtpNotificationService extends AbstractNotificationProviderService {
  static identifier = "notification-smtp"

  private transporter: Transporter
  private from: string
  private logger: Logger

  static validateOptions(options: Record<string, unknown>) {
    if (!options.url) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "SMTP provider needs the `url` option")
    }
  }

  constructor({ logger }: { logger: Logger }, options: SmtpOptions) {
    super()
    this.logger = logger
    this.from = options.from
    this.transporter = nodemailer.createTransport(options.url)
  }

  async send(
    notification: ProviderSendNotificationDTO
  ): Promise<ProviderSendNotificationResultsDTO> {
    const { subject, text } = renderTemplate(
      notification.template,
      (notification.data ?? {}) as Record<string, unknown>
    )
    const info = await this.transporter.sendMail({
      from: notification.from || this.from,
      to: notification.to,
      subject,
      text,
    })
    this.logger.debug(`SMTP: sent "${notification.template}" (${info.messageId})`)
    return { id: info.messageId }
  }
}

export default SmtpNotificationService
