import { SMTPServer } from "smtp-server"
import { freePortSync } from "./ports"

export type ReceivedMail = { from: string; to: string[]; raw: string; text: string }

/** Undoes quoted-printable soft line breaks and escapes so tokens can be read. */
function decodeQuotedPrintable(raw: string): string {
  return raw
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)))
}

/** A real SMTP server on localhost that keeps every mail it receives. */
export class TestMailbox {
  readonly mails: ReceivedMail[] = []
  private server: SMTPServer

  constructor(readonly port: number) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = []
        stream.on("data", (c: Buffer) => chunks.push(c))
        stream.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8")
          this.mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            raw,
            text: decodeQuotedPrintable(raw),
          })
          callback()
        })
      },
    })
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject)
      this.server.listen(this.port, "127.0.0.1", () => resolve())
    })
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()))
  }

  mailsTo(address: string): ReceivedMail[] {
    return this.mails.filter((m) => m.to.includes(address.toLowerCase()))
  }

  /** Waits for the n-th mail to an address (mails are sent by async subscribers). */
  async waitFor(address: string, n = 1, timeoutMs = 20000): Promise<ReceivedMail> {
    const until = Date.now() + timeoutMs
    while (Date.now() < until) {
      const mails = this.mailsTo(address)
      if (mails.length >= n) return mails[n - 1]
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error(`no mail #${n} to ${address} within ${timeoutMs} ms`)
  }
}

/** Reads "<label>: <token>" out of a received mail. */
export function tokenFrom(mail: ReceivedMail, label: string): string {
  const match = mail.text.match(new RegExp(`${label}: ([A-Za-z0-9._-]+)`))
  if (!match) throw new Error(`no "${label}" in mail:\n${mail.text}`)
  return match[1]
}

/**
 * A mailbox for one test file, with the SMTP provider pointed at it. Call at module
 * load: medusa-config is read before the runner applies its env, so SMTP_URL must be
 * in process.env when the file loads. The suite starts and stops the mailbox.
 */
export function mailboxForSuite(): TestMailbox {
  const mailbox = new TestMailbox(freePortSync())
  process.env.SMTP_URL = `smtp://127.0.0.1:${mailbox.port}`
  process.env.SMTP_FROM = "Webshop <shop@test.local>"
  afterAll(() => {
    delete process.env.SMTP_URL
    delete process.env.SMTP_FROM
  })
  return mailbox
}
