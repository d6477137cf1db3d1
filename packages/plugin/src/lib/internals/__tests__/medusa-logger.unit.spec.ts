/**
 * Log redaction and request ids wrap the format of the winston logger behind Medusa's
 * shared logger, reached through a protected field (../medusa-logger.ts). This fails when
 * a Medusa upgrade moves or replaces it.
 */
import { logger } from "@medusajs/framework/logger"
import { Writable } from "node:stream"
import { medusaWinston } from "../medusa-logger"

const MESSAGE = Symbol.for("message")

describe("Medusa's winston logger", () => {
  it("is reachable and is the logger Medusa's logger writes through", () => {
    const winston = medusaWinston(logger)
    expect(winston).toBeDefined()
    const seen: { info: Record<string | symbol, unknown>; line: unknown }[] = []
    const format = winston!.format
    const original = format.transform
    // The same kind of wrap installLogFormat does: every line passes through `format`.
    format.transform = (info, opts) => {
      const out = original(info, opts)
      seen.push({ info, line: typeof out === "object" ? out[MESSAGE] : out })
      return out
    }
    const written: string[] = []
    const winstonModule = require("winston")
    const transport = new winstonModule.transports.Stream({
      stream: new Writable({
        write(chunk, _enc, done) {
          written.push(String(chunk))
          done()
        },
      }),
    })
    const level = winston!.level
    winston!.add(transport)
    winston!.level = "info"
    try {
      logger.info("internals probe line")
    } finally {
      winston!.remove(transport)
      winston!.level = level
      format.transform = original
    }
    expect(seen.map((s) => s.info.message)).toContain("internals probe line")
    expect(written.join("")).toContain("internals probe line")
  })

  it("is undefined for anything else", () => {
    expect(medusaWinston(null)).toBeUndefined()
    expect(medusaWinston({})).toBeUndefined()
    expect(medusaWinston({ loggerInstance_: { format: {} } })).toBeUndefined()
  })
})
