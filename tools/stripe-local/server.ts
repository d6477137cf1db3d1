/**
 * A Stripe-compatible local server: the subset of Stripe's API that Medusa's Stripe provider
 * and a storefront use, with Stripe's semantics (status machine, test cards, errors,
 * idempotency, signed webhooks), so every payment path can run offline against the real SDK.
 * See docs/payments.md for what it does and does not emulate.
 */
import crypto from "crypto"
import http from "http"
import type { AddressInfo } from "net"
import { type FormValue, parseForm } from "./form"

export type WebhookEndpointConfig = {
  url: string
  secret: string
  /** Event types to deliver; ["*"] (the default) delivers every event. */
  enabledEvents?: string[]
}

export type StripeLocalOptions = {
  port?: number
  host?: string
  /** When set, only this secret key is accepted; otherwise any sk_test_ key is. */
  apiKey?: string
  webhooks?: WebhookEndpointConfig[]
  /** Delay before each webhook delivery, in ms (default 0). */
  webhookDelayMs?: number
  /** Redeliveries after a failed delivery (default 3), with exponential backoff. */
  webhookRetries?: number
  /** Called with one line per API request and webhook delivery. */
  log?: (line: string) => void
}

export type WebhookDelivery = {
  eventId: string
  type: string
  url: string
  /** The exact body and Stripe-Signature header sent, so a test can replay them. */
  payload: string
  signature: string
  status?: number
  attempts: number
  error?: string
}

type Obj = Record<string, any>

class StripeError extends Error {
  constructor(
    public status: number,
    public body: Obj
  ) {
    super(body.message)
  }
}

const ZERO_DECIMAL = new Set([
  "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf",
]) // prettier-ignore
const THREE_DECIMAL = new Set(["bhd", "jod", "kwd", "omr", "tnd"])
const SUPPORTED_CURRENCIES = new Set([
  ...ZERO_DECIMAL, ...THREE_DECIMAL,
  "usd", "eur", "gbp", "cad", "aud", "chf", "dkk", "sek", "nok", "pln", "czk", "nzd", "sgd", "hkd", "mxn", "brl", "inr",
]) // prettier-ignore
const MAX_AMOUNT = 99999999

type CardScenario = "succeed" | "decline" | "insufficient_funds" | "authenticate"

/** Stripe's test PaymentMethod tokens (https://docs.stripe.com/testing). */
const TEST_PAYMENT_METHODS: Record<
  string,
  { brand: string; last4: string; scenario: CardScenario }
> = {
  pm_card_visa: { brand: "visa", last4: "4242", scenario: "succeed" },
  pm_card_visa_debit: { brand: "visa", last4: "5556", scenario: "succeed" },
  pm_card_mastercard: { brand: "mastercard", last4: "4444", scenario: "succeed" },
  pm_card_amex: { brand: "amex", last4: "8431", scenario: "succeed" },
  pm_card_chargeDeclined: { brand: "visa", last4: "0002", scenario: "decline" },
  pm_card_chargeDeclinedInsufficientFunds: {
    brand: "visa",
    last4: "9995",
    scenario: "insufficient_funds",
  },
  pm_card_authenticationRequired: { brand: "visa", last4: "3184", scenario: "authenticate" },
  pm_card_threeDSecure2Required: { brand: "visa", last4: "3220", scenario: "authenticate" },
}

const PI_CREATE_PARAMS = [
  "amount", "currency", "automatic_payment_methods", "capture_method", "confirm", "customer",
  "description", "metadata", "off_session", "payment_method", "payment_method_configuration",
  "payment_method_data", "payment_method_options", "payment_method_types", "receipt_email",
  "return_url", "setup_future_usage", "shipping", "statement_descriptor", "confirmation_method",
  "expand",
] // prettier-ignore
const PI_UPDATE_PARAMS = [
  "amount", "currency", "customer", "description", "metadata", "payment_method",
  "payment_method_data", "payment_method_options", "payment_method_types", "receipt_email",
  "setup_future_usage", "shipping", "capture_method", "expand",
] // prettier-ignore
const PI_CONFIRM_PARAMS = [
  "payment_method", "payment_method_data", "return_url", "off_session", "setup_future_usage",
  "capture_method", "expand", "client_secret", "payment_method_options", "receipt_email",
] // prettier-ignore
const CUSTOMER_PARAMS = [
  "email", "name", "phone", "description", "address", "shipping", "metadata", "expand",
  "payment_method", "invoice_settings",
] // prettier-ignore

function randomId(prefix: string) {
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
  const bytes = crypto.randomBytes(24)
  let s = ""
  for (const b of bytes) s += chars[b % chars.length]
  return `${prefix}_${s}`
}

const now = () => Math.floor(Date.now() / 1000)
const clone = <T>(o: T): T => JSON.parse(JSON.stringify(o))

function invalid(message: string, param?: string, code?: string, status = 400): StripeError {
  return new StripeError(status, {
    type: "invalid_request_error",
    message,
    ...(param ? { param } : {}),
    ...(code
      ? { code, doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, "-")}` }
      : {}),
  })
}

function missing(kind: string, id: string, param?: string) {
  return invalid(`No such ${kind}: '${id}'`, param, "resource_missing", 404)
}

function formatAmount(amount: number, currency: string) {
  const digits = ZERO_DECIMAL.has(currency) ? 0 : THREE_DECIMAL.has(currency) ? 3 : 2
  return `${(amount / 10 ** digits).toFixed(digits)} ${currency}`
}

/** Signs a payload exactly as Stripe does: t=<unix>,v1=HMAC-SHA256(secret, "<t>.<payload>"). */
export function signWebhookPayload(payload: string, secret: string, timestamp = now()) {
  const v1 = crypto.createHmac("sha256", secret).update(`${timestamp}.${payload}`).digest("hex")
  return `t=${timestamp},v1=${v1}`
}

export class StripeLocalServer {
  readonly customers = new Map<string, Obj>()
  readonly paymentMethods = new Map<string, Obj & { _scenario: CardScenario }>()
  readonly paymentIntents = new Map<string, Obj>()
  readonly charges = new Map<string, Obj>()
  readonly refunds = new Map<string, Obj>()
  readonly events: Obj[] = []
  readonly deliveries: WebhookDelivery[] = []
  readonly webhookEndpoints: (WebhookEndpointConfig & { id: string })[] = []
  private readonly idempotency = new Map<
    string,
    { fingerprint: string; status: number; body: string; at: number }
  >()
  private readonly pendingDeliveries = new Set<Promise<void>>()
  private server?: http.Server
  private closed = false
  private baseUrl = ""

  constructor(private readonly options: StripeLocalOptions = {}) {
    for (const w of options.webhooks ?? []) this.addWebhookEndpoint(w)
  }

  get url() {
    return this.baseUrl
  }

  addWebhookEndpoint(config: WebhookEndpointConfig) {
    const endpoint = { id: randomId("we"), enabledEvents: ["*"], ...config }
    this.webhookEndpoints.push(endpoint)
    return endpoint
  }

  async listen(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject)
      this.server!.listen(this.options.port ?? 0, this.options.host ?? "127.0.0.1", resolve)
    })
    const { port } = this.server.address() as AddressInfo
    this.baseUrl = `http://${this.options.host ?? "127.0.0.1"}:${port}`
    return this.baseUrl
  }

  /** Stops serving; deliveries still queued are abandoned (their retries stop). */
  async close() {
    this.closed = true
    const server = this.server
    if (!server) return
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    server.closeAllConnections()
    await closed
  }

  /** Resolves when every webhook delivery started so far has finished (incl. retries). */
  async settleWebhooks() {
    while (this.pendingDeliveries.size) await Promise.all([...this.pendingDeliveries])
  }

  // ---- HTTP plumbing -------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const requestId = randomId("req")
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const rawBody = Buffer.concat(chunks).toString("utf8")
    const url = new URL(req.url ?? "/", "http://local")
    const method = (req.method ?? "GET").toUpperCase()
    const params: Obj =
      method === "GET" || method === "DELETE" ? parseForm(url.search.slice(1)) : {}
    if (method === "POST") {
      const type = String(req.headers["content-type"] ?? "")
      if (type.includes("application/json")) {
        try {
          Object.assign(params, rawBody ? JSON.parse(rawBody) : {})
        } catch {
          return this.send(
            res,
            400,
            { error: { type: "invalid_request_error", message: "Invalid JSON body" } },
            requestId
          )
        }
      } else {
        Object.assign(params, parseForm(rawBody))
      }
    }
    let status = 200
    let body: Obj | string
    let replayed = false
    try {
      if (url.pathname.startsWith("/local/3ds/")) {
        return this.handleThreeDSecure(req, res, url, method, params, requestId)
      }
      if (url.pathname === "/health") {
        return this.send(res, 200, { ok: true }, requestId)
      }
      const auth = this.authenticate(req, params)
      const idemKey = method === "POST" ? req.headers["idempotency-key"] : undefined
      if (typeof idemKey === "string" && idemKey) {
        const scope = `${auth.key}:${idemKey}`
        const fingerprint = `${method} ${url.pathname} ${canonical(params)}`
        const previous = this.idempotency.get(scope)
        if (previous && Date.now() - previous.at < 24 * 3600 * 1000) {
          if (previous.fingerprint !== fingerprint) {
            throw new StripeError(400, {
              type: "idempotency_error",
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idemKey}' if you meant to execute a different request.`,
            })
          }
          res.setHeader("Idempotent-Replayed", "true")
          replayed = true
          status = previous.status
          body = previous.body
        } else {
          ;({ status, body } = this.run(method, url.pathname, params, auth, req))
          // Stripe saves the result once the endpoint started executing, errors included.
          if (status < 500) {
            this.idempotency.set(scope, {
              fingerprint,
              status,
              body: JSON.stringify(body),
              at: Date.now(),
            })
          }
        }
        res.setHeader("Idempotency-Key", idemKey)
      } else {
        ;({ status, body } = this.run(method, url.pathname, params, auth, req))
      }
    } catch (e: any) {
      if (e instanceof StripeError) {
        status = e.status
        body = { error: e.body }
      } else {
        status = 500
        body = { error: { type: "api_error", message: "An unexpected error occurred." } }
        this.log(`error ${e?.stack ?? e}`)
      }
    }
    this.log(`${method} ${url.pathname} -> ${status}${replayed ? " (idempotent replay)" : ""}`)
    this.send(res, status, body, requestId)
  }

  private send(res: http.ServerResponse, status: number, body: Obj | string, requestId: string) {
    res.statusCode = status
    res.setHeader("Content-Type", "application/json")
    res.setHeader("Request-Id", requestId)
    res.setHeader("Stripe-Version", "2024-04-10")
    res.end(typeof body === "string" ? body : JSON.stringify(body))
  }

  private log(line: string) {
    this.options.log?.(`[stripe-local] ${line}`)
  }

  private authenticate(
    req: http.IncomingMessage,
    params: Obj
  ): { key: string; publishable: boolean } {
    const header = String(req.headers.authorization ?? "")
    const basic = header.match(/^Basic\s+(.+)$/i)
    let key = header.match(/^Bearer\s+(.+)$/i)?.[1]?.trim()
    if (!key && basic) key = Buffer.from(basic[1], "base64").toString("utf8").split(":")[0]
    if (!key && typeof params.key === "string") key = params.key
    if (!key) {
      throw new StripeError(401, {
        type: "invalid_request_error",
        message:
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      })
    }
    const masked = `${key.slice(0, 8)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`
    if (/^(sk|rk|pk)_live_/.test(key)) {
      throw new StripeError(401, {
        type: "invalid_request_error",
        message: `Invalid API Key provided: ${masked}. This local server only emulates test mode.`,
      })
    }
    const publishable = key.startsWith("pk_test_")
    const validSecret =
      (key.startsWith("sk_test_") || key.startsWith("rk_test_")) &&
      (!this.options.apiKey || key === this.options.apiKey)
    if (!publishable && !validSecret) {
      throw new StripeError(401, {
        type: "invalid_request_error",
        message: `Invalid API Key provided: ${masked}`,
      })
    }
    delete params.key
    return { key, publishable }
  }

  private run(...args: Parameters<StripeLocalServer["dispatch"]>): { status: number; body: Obj } {
    try {
      return this.dispatch(...args)
    } catch (e) {
      if (e instanceof StripeError) return { status: e.status, body: { error: e.body } }
      throw e
    }
  }

  private dispatch(
    method: string,
    path: string,
    params: Obj,
    auth: { key: string; publishable: boolean },
    req: http.IncomingMessage
  ): { status: number; body: Obj } {
    const parts = path.split("/").filter(Boolean)
    if (parts[0] !== "v1")
      throw invalid(`Unrecognized request URL (${method}: ${path}).`, undefined, undefined, 404)
    const [, resource, id, action] = parts
    const expand = toArray(params.expand).map(String)
    delete params.expand

    if (auth.publishable) {
      // A publishable key may only do what Stripe.js does: read and confirm an intent it
      // holds the client secret of.
      if (resource !== "payment_intents" || !id || (action && action !== "confirm")) {
        throw new StripeError(403, {
          type: "invalid_request_error",
          message:
            "This API call cannot be made with a publishable API key. Please use a secret API key.",
        })
      }
      const pi = this.getIntent(id)
      if (params.client_secret !== pi.client_secret) {
        throw invalid(
          "The client_secret provided does not match the client_secret associated with the PaymentIntent.",
          "client_secret"
        )
      }
    }
    delete params.client_secret

    const ok = (body: Obj) => ({ status: 200, body: this.expand(body, expand) })
    switch (resource) {
      case "customers": {
        if (!id && method === "POST") return ok(this.createCustomer(params))
        if (!id && method === "GET") return ok(this.list([...this.customers.values()], params))
        const customer = this.customers.get(id)
        if (!customer || customer.deleted) throw missing("customer", id, "id")
        if (action === "payment_methods" && method === "GET") {
          return ok(
            this.list(
              [...this.paymentMethods.values()].filter((p) => p.customer === id).map(publicPm),
              params
            )
          )
        }
        if (action) break
        if (method === "GET") return ok(customer)
        if (method === "POST") return ok(this.updateCustomer(customer, params))
        if (method === "DELETE") {
          customer.deleted = true
          return ok({ id, object: "customer", deleted: true })
        }
        break
      }
      case "payment_intents": {
        if (!id && method === "POST") return ok(this.createIntent(params, req))
        if (!id && method === "GET") return ok(this.list([...this.paymentIntents.values()], params))
        const pi = this.getIntent(id)
        if (!action && method === "GET") return ok(pi)
        if (method !== "POST") break
        if (!action) return ok(this.updateIntent(pi, params))
        if (action === "confirm") return ok(this.confirmIntent(pi, params, req))
        if (action === "capture") return ok(this.captureIntent(pi, params))
        if (action === "cancel") return ok(this.cancelIntent(pi, params))
        break
      }
      case "payment_methods": {
        if (!id) break
        const pm = this.resolvePaymentMethod(id, "id")
        if (method === "GET") return ok(publicPm(pm))
        if (method === "POST" && action === "detach") {
          pm.customer = null
          return ok(publicPm(pm))
        }
        if (method === "POST" && action === "attach") {
          if (!this.customers.get(params.customer))
            throw missing("customer", params.customer, "customer")
          pm.customer = params.customer
          return ok(publicPm(pm))
        }
        break
      }
      case "charges": {
        if (!id && method === "GET") {
          const all = [...this.charges.values()].filter(
            (c) => !params.payment_intent || c.payment_intent === params.payment_intent
          )
          return ok(this.list(all, params))
        }
        const charge = this.charges.get(id)
        if (!charge) throw missing("charge", id, "id")
        if (method === "GET" && !action) return ok(charge)
        break
      }
      case "refunds": {
        if (!id && method === "POST") return ok(this.createRefund(params))
        if (!id && method === "GET") return ok(this.list([...this.refunds.values()], params))
        const refund = this.refunds.get(id)
        if (!refund) throw missing("refund", id, "id")
        if (method === "GET") return ok(refund)
        break
      }
      case "events": {
        if (!id && method === "GET") {
          const all = this.events.filter((e) => !params.type || e.type === params.type)
          return ok(this.list([...all].reverse(), params))
        }
        const event = this.events.find((e) => e.id === id)
        if (!event) throw missing("event", id, "id")
        return ok(event)
      }
      case "webhook_endpoints": {
        if (!id && method === "POST") {
          if (!params.url) throw invalid("Missing required param: url.", "url", "parameter_missing")
          const events = toArray(params.enabled_events).map(String)
          if (!events.length) {
            throw invalid(
              "Missing required param: enabled_events.",
              "enabled_events",
              "parameter_missing"
            )
          }
          const endpoint = this.addWebhookEndpoint({
            url: String(params.url),
            secret: `whsec_${crypto.randomBytes(24).toString("hex")}`,
            enabledEvents: events,
          })
          return ok({ ...webhookEndpointObject(endpoint), secret: endpoint.secret })
        }
        if (!id && method === "GET")
          return ok(this.list(this.webhookEndpoints.map(webhookEndpointObject), params))
        const index = this.webhookEndpoints.findIndex((w) => w.id === id)
        if (index === -1) throw missing("webhook_endpoint", id, "id")
        if (method === "DELETE") {
          this.webhookEndpoints.splice(index, 1)
          return ok({ id, object: "webhook_endpoint", deleted: true })
        }
        return ok(webhookEndpointObject(this.webhookEndpoints[index]))
      }
    }
    throw invalid(`Unrecognized request URL (${method}: ${path}).`, undefined, undefined, 404)
  }

  private list(items: Obj[], params: Obj) {
    const limit = Math.min(Math.max(Number(params.limit ?? 10) || 10, 1), 100)
    return { object: "list", data: items.slice(0, limit), has_more: items.length > limit, url: "" }
  }

  private expand(body: Obj, expand: string[]): Obj {
    const out = clone(body)
    for (const path of expand) {
      const field = path.split(".")[0]
      const value = out[field]
      if (typeof value !== "string") continue
      if (field === "payment_method") {
        const pm = this.paymentMethods.get(value)
        if (pm) out[field] = publicPm(pm)
      } else if (field === "latest_charge" || field === "charge") {
        out[field] = this.charges.get(value) ?? value
      } else if (field === "customer") {
        out[field] = this.customers.get(value) ?? value
      } else if (field === "payment_intent") {
        out[field] = this.paymentIntents.get(value) ?? value
      }
    }
    return out
  }

  // ---- Customers -----------------------------------------------------------------------------

  private createCustomer(params: Obj) {
    rejectUnknown(params, CUSTOMER_PARAMS)
    const customer: Obj = {
      id: randomId("cus"),
      object: "customer",
      address: null,
      balance: 0,
      created: now(),
      currency: null,
      default_source: null,
      delinquent: false,
      description: null,
      email: null,
      invoice_prefix: crypto.randomBytes(4).toString("hex").toUpperCase(),
      livemode: false,
      metadata: {},
      name: null,
      phone: null,
      shipping: null,
    }
    this.customers.set(customer.id, customer)
    this.updateCustomer(customer, params)
    this.emit("customer.created", customer)
    return customer
  }

  private updateCustomer(customer: Obj, params: Obj) {
    rejectUnknown(params, CUSTOMER_PARAMS)
    for (const field of ["email", "name", "phone", "description", "address", "shipping"]) {
      if (params[field] !== undefined) customer[field] = params[field] === "" ? null : params[field]
    }
    if (
      params.email !== undefined &&
      params.email !== "" &&
      !/^[^@\s]+@[^@\s]+$/.test(params.email)
    ) {
      throw invalid(`Invalid email address: ${params.email}`, "email", "email_invalid")
    }
    customer.metadata = mergeMetadata(customer.metadata, params.metadata)
    return customer
  }

  // ---- PaymentMethods ------------------------------------------------------------------------

  private resolvePaymentMethod(id: unknown, param: string) {
    if (typeof id !== "string" || !id) throw invalid("Invalid string", param)
    const existing = this.paymentMethods.get(id)
    if (existing) return existing
    const test = TEST_PAYMENT_METHODS[id]
    if (!test) throw missing("PaymentMethod", id, param)
    // Like Stripe, a test token creates a fresh PaymentMethod each time it is used.
    const pm = {
      id: randomId("pm"),
      object: "payment_method",
      type: "card",
      created: now(),
      customer: null,
      livemode: false,
      metadata: {},
      billing_details: { address: null, email: null, name: null, phone: null },
      card: {
        brand: test.brand,
        last4: test.last4,
        exp_month: 12,
        exp_year: new Date().getUTCFullYear() + 3,
        country: "US",
        funding: "credit",
        fingerprint: crypto.createHash("sha1").update(id).digest("hex").slice(0, 16),
      },
      _scenario: test.scenario,
    }
    this.paymentMethods.set(pm.id, pm)
    return pm
  }

  private paymentMethodFromParams(params: Obj) {
    const data = params.payment_method_data
    if (data && typeof data === "object") {
      if (data.card && typeof data.card === "object" && (data.card.number || data.card.cvc)) {
        throw invalid(
          "Sending credit card numbers directly to the Stripe API is generally unsafe. Use Stripe.js or the payment_method test tokens (e.g. pm_card_visa) instead.",
          "payment_method_data[card][number]"
        )
      }
      throw invalid(
        "This local server only supports test PaymentMethod tokens such as pm_card_visa.",
        "payment_method_data"
      )
    }
    if (params.payment_method === undefined || params.payment_method === "") return undefined
    return this.resolvePaymentMethod(params.payment_method, "payment_method")
  }

  // ---- PaymentIntents ------------------------------------------------------------------------

  private getIntent(id: string) {
    const pi = this.paymentIntents.get(id)
    if (!pi) throw missing("payment_intent", id, "intent")
    return pi
  }

  private createIntent(params: Obj, req: http.IncomingMessage) {
    rejectUnknown(params, PI_CREATE_PARAMS)
    const amount = parseAmount(params.amount, "amount", true)!
    const currency = parseCurrency(params.currency)
    checkAmountLimits(amount, currency)
    const captureMethod = parseCaptureMethod(params.capture_method) ?? "automatic_async"
    if (params.customer !== undefined && !this.customers.get(params.customer)) {
      throw missing("customer", params.customer, "customer")
    }
    const pm = this.paymentMethodFromParams(params)
    const id = randomId("pi")
    const pi: Obj = {
      id,
      object: "payment_intent",
      amount,
      amount_capturable: 0,
      amount_details: { tip: {} },
      amount_received: 0,
      application: null,
      automatic_payment_methods:
        params.automatic_payment_methods?.enabled === "true"
          ? { allow_redirects: "always", enabled: true }
          : null,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: captureMethod,
      client_secret: `${id}_secret_${crypto.randomBytes(12).toString("hex")}`,
      confirmation_method: "automatic",
      created: now(),
      currency,
      customer: params.customer ?? null,
      description: params.description || null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: mergeMetadata({}, params.metadata),
      next_action: null,
      payment_method: pm?.id ?? null,
      payment_method_configuration_details: null,
      payment_method_options: params.payment_method_options ?? {},
      payment_method_types: toArray(params.payment_method_types).map(String).length
        ? toArray(params.payment_method_types).map(String)
        : ["card"],
      processing: null,
      receipt_email: params.receipt_email ?? null,
      setup_future_usage: params.setup_future_usage || null,
      shipping: params.shipping ?? null,
      status: pm ? "requires_confirmation" : "requires_payment_method",
    }
    this.paymentIntents.set(id, pi)
    this.emit("payment_intent.created", pi)
    if (parseBool(params.confirm)) {
      this.confirmIntent(pi, { return_url: params.return_url }, req)
    }
    return pi
  }

  private updateIntent(pi: Obj, params: Obj) {
    rejectUnknown(params, PI_UPDATE_PARAMS)
    const updatable = ["requires_payment_method", "requires_confirmation", "requires_action"]
    const money = ["amount", "currency", "payment_method", "capture_method"].filter(
      (f) => params[f] !== undefined
    )
    if (money.length && !updatable.includes(pi.status)) {
      throw unexpectedState(
        pi,
        `This PaymentIntent's ${money[0]} could not be updated because it has a status of ${pi.status}. You may only update the ${money[0]} of a PaymentIntent with one of the following statuses: ${updatable.join(", ")}.`
      )
    }
    if (params.currency !== undefined) pi.currency = parseCurrency(params.currency)
    if (params.amount !== undefined) {
      pi.amount = parseAmount(params.amount, "amount", true)
      checkAmountLimits(pi.amount, pi.currency)
    }
    if (params.capture_method !== undefined)
      pi.capture_method = parseCaptureMethod(params.capture_method)
    if (params.customer !== undefined) {
      if (params.customer && !this.customers.get(params.customer))
        throw missing("customer", params.customer, "customer")
      pi.customer = params.customer || null
    }
    for (const f of ["description", "receipt_email", "setup_future_usage", "shipping"]) {
      if (params[f] !== undefined) pi[f] = params[f] === "" ? null : params[f]
    }
    const pm = this.paymentMethodFromParams(params)
    if (pm) {
      pi.payment_method = pm.id
      pi.status = "requires_confirmation"
      pi.next_action = null
    }
    pi.metadata = mergeMetadata(pi.metadata, params.metadata)
    return pi
  }

  private confirmIntent(pi: Obj, params: Obj, req: http.IncomingMessage) {
    rejectUnknown(params, PI_CONFIRM_PARAMS)
    const confirmable = ["requires_payment_method", "requires_confirmation", "requires_action"]
    if (!confirmable.includes(pi.status)) {
      throw unexpectedState(
        pi,
        `You cannot confirm this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be confirmed: ${confirmable.join(", ")}.`
      )
    }
    if (params.capture_method !== undefined)
      pi.capture_method = parseCaptureMethod(params.capture_method)
    const pm = this.paymentMethodFromParams(params)
    if (pm) pi.payment_method = pm.id
    if (!pi.payment_method) {
      throw unexpectedState(
        pi,
        "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with cus_xxx, specify a payment method attached to this customer along with the customer ID.",
        "payment_method"
      )
    }
    const method = this.paymentMethods.get(pi.payment_method)!
    pi.last_payment_error = null
    pi.next_action = null
    if (method._scenario === "authenticate") {
      pi.status = "requires_action"
      const base = `http://${req.headers.host ?? "127.0.0.1"}`
      pi.next_action = {
        type: "redirect_to_url",
        redirect_to_url: {
          url: `${base}/local/3ds/${pi.id}?client_secret=${encodeURIComponent(pi.client_secret)}`,
          return_url: params.return_url ?? null,
        },
      }
      this.emit("payment_intent.requires_action", pi)
      return pi
    }
    return this.authorize(pi, method)
  }

  /** The card network's answer for a confirmed intent (after 3DS, when one was needed). */
  private authorize(pi: Obj, method: Obj & { _scenario: CardScenario }) {
    const declined = method._scenario === "decline" || method._scenario === "insufficient_funds"
    const charge = this.createCharge(pi, method, declined)
    pi.latest_charge = charge.id
    if (declined) {
      const declineCode = method._scenario === "decline" ? "generic_decline" : "insufficient_funds"
      const error = {
        type: "card_error",
        code: "card_declined",
        decline_code: declineCode,
        message:
          declineCode === "generic_decline"
            ? "Your card was declined."
            : "Your card has insufficient funds.",
        charge: charge.id,
        doc_url: "https://stripe.com/docs/error-codes/card-declined",
        payment_method: publicPm(method),
      }
      pi.status = "requires_payment_method"
      pi.payment_method = null
      pi.last_payment_error = error
      this.emit("charge.failed", charge)
      this.emit("payment_intent.payment_failed", pi)
      throw new StripeError(402, { ...error, payment_intent: clone(pi) })
    }
    if (pi.capture_method === "manual") {
      pi.status = "requires_capture"
      pi.amount_capturable = pi.amount
      this.emit("charge.succeeded", charge)
      this.emit("payment_intent.amount_capturable_updated", pi)
    } else {
      pi.status = "succeeded"
      pi.amount_received = pi.amount
      this.emit("charge.succeeded", charge)
      this.emit("payment_intent.succeeded", pi)
    }
    return pi
  }

  private createCharge(pi: Obj, method: Obj, failed: boolean) {
    const captured = !failed && pi.capture_method !== "manual"
    const charge: Obj = {
      id: randomId("ch"),
      object: "charge",
      amount: pi.amount,
      amount_captured: captured ? pi.amount : 0,
      amount_refunded: 0,
      balance_transaction: captured ? randomId("txn") : null,
      captured,
      created: now(),
      currency: pi.currency,
      customer: pi.customer,
      description: pi.description,
      failure_code: failed ? "card_declined" : null,
      failure_message: failed ? "Your card was declined." : null,
      livemode: false,
      metadata: clone(pi.metadata),
      outcome: {
        network_status: failed ? "declined_by_network" : "approved_by_network",
        type: failed ? "issuer_declined" : "authorized",
        seller_message: failed
          ? "The bank did not return any further details with this decline."
          : "Payment complete.",
      },
      paid: !failed,
      payment_intent: pi.id,
      payment_method: method.id,
      payment_method_details: {
        type: "card",
        card: { brand: method.card.brand, last4: method.card.last4 },
      },
      refunded: false,
      refunds: { object: "list", data: [], has_more: false },
      status: failed ? "failed" : "succeeded",
    }
    this.charges.set(charge.id, charge)
    return charge
  }

  private captureIntent(pi: Obj, params: Obj) {
    rejectUnknown(params, [
      "amount_to_capture",
      "metadata",
      "expand",
      "statement_descriptor",
      "final_capture",
    ])
    if (pi.status !== "requires_capture") {
      throw unexpectedState(
        pi,
        `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`
      )
    }
    const amount =
      parseAmount(params.amount_to_capture, "amount_to_capture", false) ?? pi.amount_capturable
    if (amount > pi.amount_capturable) {
      throw invalid(
        `The amount_to_capture (${amount}) must be less than or equal to the PaymentIntent's amount_capturable (${pi.amount_capturable}).`,
        "amount_to_capture",
        "amount_too_large"
      )
    }
    const charge = this.charges.get(pi.latest_charge)!
    charge.captured = true
    charge.amount_captured = amount
    charge.balance_transaction = randomId("txn")
    // The uncaptured rest of the authorization is released, as Stripe does.
    pi.amount_received = amount
    pi.amount_capturable = 0
    pi.status = "succeeded"
    pi.metadata = mergeMetadata(pi.metadata, params.metadata)
    this.emit("charge.captured", charge)
    this.emit("payment_intent.succeeded", pi)
    return pi
  }

  private cancelIntent(pi: Obj, params: Obj) {
    rejectUnknown(params, ["cancellation_reason", "expand"])
    const cancelable = [
      "requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing",
    ] // prettier-ignore
    if (!cancelable.includes(pi.status)) {
      throw unexpectedState(
        pi,
        `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${cancelable.join(", ")}.`
      )
    }
    const reasons = ["duplicate", "fraudulent", "requested_by_customer", "abandoned"]
    if (params.cancellation_reason !== undefined && !reasons.includes(params.cancellation_reason)) {
      throw invalid(
        `Invalid cancellation_reason: must be one of ${reasons.join(", ")}`,
        "cancellation_reason"
      )
    }
    if (pi.status === "requires_capture") {
      const charge = this.charges.get(pi.latest_charge)!
      charge.refunded = true
      charge.amount_refunded = charge.amount
    }
    pi.status = "canceled"
    pi.amount_capturable = 0
    pi.canceled_at = now()
    pi.cancellation_reason = params.cancellation_reason ?? null
    pi.next_action = null
    this.emit("payment_intent.canceled", pi)
    return pi
  }

  // ---- 3-D Secure (the test-mode authentication page) ---------------------------------------

  private handleThreeDSecure(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    method: string,
    params: Obj,
    requestId: string
  ) {
    const [, , , id, action] = url.pathname.split("/")
    const pi = this.paymentIntents.get(id)
    const secret = params.client_secret ?? url.searchParams.get("client_secret")
    try {
      if (!pi || secret !== pi.client_secret) throw missing("payment_intent", id, "intent")
      if (method === "GET" && !action) {
        res.setHeader("Content-Type", "text/html; charset=utf-8")
        const form = (a: string, label: string) =>
          `<form method="post" action="/local/3ds/${pi.id}/${a}"><input type="hidden" name="client_secret" value="${pi.client_secret}"><button>${label}</button></form>`
        res.end(
          `<!doctype html><title>3D Secure test</title><h1>3D Secure 2 test payment</h1><p>${formatAmount(pi.amount, pi.currency)}</p>${form("complete", "Complete authentication")}${form("fail", "Fail authentication")}`
        )
        return
      }
      if (method !== "POST" || (action !== "complete" && action !== "fail")) {
        throw invalid(
          `Unrecognized request URL (${method}: ${url.pathname}).`,
          undefined,
          undefined,
          404
        )
      }
      if (pi.status !== "requires_action") {
        throw unexpectedState(
          pi,
          `This PaymentIntent does not require an action (status: ${pi.status}).`
        )
      }
      pi.next_action = null
      const pm = this.paymentMethods.get(pi.payment_method)!
      if (action === "fail") {
        pi.status = "requires_payment_method"
        pi.payment_method = null
        pi.last_payment_error = {
          type: "invalid_request_error",
          code: "payment_intent_authentication_failure",
          message:
            "We are unable to authenticate your payment method. Please choose a different payment method and try again.",
          payment_method: publicPm(pm),
        }
        this.emit("payment_intent.payment_failed", pi)
        this.log(`3ds ${pi.id} failed`)
        return this.send(res, 200, pi, requestId)
      }
      try {
        this.authorize(pi, pm)
      } catch (e) {
        if (!(e instanceof StripeError)) throw e
      }
      this.log(`3ds ${pi.id} completed -> ${pi.status}`)
      return this.send(res, 200, pi, requestId)
    } catch (e: any) {
      if (!(e instanceof StripeError)) throw e
      return this.send(res, e.status, { error: e.body }, requestId)
    }
  }

  // ---- Refunds -------------------------------------------------------------------------------

  private createRefund(params: Obj) {
    rejectUnknown(params, [
      "amount",
      "charge",
      "payment_intent",
      "reason",
      "metadata",
      "expand",
      "instructions_email",
    ])
    let charge: Obj | undefined
    let pi: Obj | undefined
    if (params.payment_intent) {
      pi = this.paymentIntents.get(params.payment_intent)
      if (!pi) throw missing("payment_intent", params.payment_intent, "payment_intent")
      charge = pi.latest_charge ? this.charges.get(pi.latest_charge) : undefined
      if (!charge || !charge.captured || charge.status !== "succeeded") {
        throw invalid(
          `This PaymentIntent (${pi.id}) does not have a successful charge to refund.`,
          "payment_intent",
          "charge_not_refundable"
        )
      }
    } else if (params.charge) {
      charge = this.charges.get(params.charge)
      if (!charge) throw missing("charge", params.charge, "charge")
      pi = this.paymentIntents.get(charge.payment_intent)
    } else {
      throw invalid(
        "One of the following params should be provided for this request: payment_intent or charge.",
        "payment_intent",
        "parameter_missing"
      )
    }
    if (!charge.captured) {
      throw invalid(
        `Charge ${charge.id} has not been captured; cancel the PaymentIntent instead.`,
        "charge",
        "charge_not_refundable"
      )
    }
    const refundable = charge.amount_captured - charge.amount_refunded
    if (refundable <= 0) {
      throw invalid(
        `Charge ${charge.id} has already been refunded.`,
        "charge",
        "charge_already_refunded"
      )
    }
    const amount = parseAmount(params.amount, "amount", false) ?? refundable
    if (amount > refundable) {
      throw invalid(
        `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(refundable, charge.currency)})`,
        "amount",
        "amount_too_large"
      )
    }
    const reasons = ["duplicate", "fraudulent", "requested_by_customer"]
    if (params.reason !== undefined && !reasons.includes(params.reason)) {
      throw invalid(`Invalid reason: must be one of ${reasons.join(", ")}`, "reason")
    }
    const refund = {
      id: randomId("re"),
      object: "refund",
      amount,
      balance_transaction: randomId("txn"),
      charge: charge.id,
      created: now(),
      currency: charge.currency,
      metadata: mergeMetadata({}, params.metadata),
      payment_intent: pi?.id ?? null,
      reason: params.reason ?? null,
      status: "succeeded",
    }
    this.refunds.set(refund.id, refund)
    charge.amount_refunded += amount
    charge.refunded = charge.amount_refunded >= charge.amount_captured
    charge.refunds.data.unshift(refund)
    this.emit("refund.created", refund)
    this.emit("charge.refunded", charge)
    return refund
  }

  // ---- Events and webhooks -------------------------------------------------------------------

  private emit(type: string, object: Obj) {
    const event = {
      id: randomId("evt"),
      object: "event",
      api_version: "2024-04-10",
      created: now(),
      data: { object: clone(object) },
      livemode: false,
      pending_webhooks: 0,
      request: { id: null, idempotency_key: null },
      type,
    }
    this.events.push(event)
    for (const endpoint of this.webhookEndpoints) {
      const wanted = endpoint.enabledEvents ?? ["*"]
      if (!wanted.includes("*") && !wanted.includes(type)) continue
      event.pending_webhooks++
      const delivery = this.deliver(event, endpoint).finally(() =>
        this.pendingDeliveries.delete(delivery)
      )
      this.pendingDeliveries.add(delivery)
    }
  }

  private async deliver(event: Obj, endpoint: WebhookEndpointConfig) {
    const payload = JSON.stringify(event, null, 2)
    const record: WebhookDelivery = {
      eventId: event.id,
      type: event.type,
      url: endpoint.url,
      payload,
      signature: "",
      attempts: 0,
    }
    this.deliveries.push(record)
    const retries = this.options.webhookRetries ?? 3
    await sleep(this.options.webhookDelayMs ?? 0)
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt) await sleep(500 * 2 ** (attempt - 1))
      if (this.closed) return
      // Each attempt is signed afresh, with the time it is sent.
      record.signature = signWebhookPayload(payload, endpoint.secret)
      record.attempts++
      try {
        const res = await fetch(endpoint.url, {
          method: "POST",
          headers: {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            "Stripe-Signature": record.signature,
          },
          body: payload,
          signal: AbortSignal.timeout(10000),
        })
        record.status = res.status
        await res.arrayBuffer().catch(() => undefined)
        this.log(`webhook ${event.type} ${event.id} -> ${endpoint.url} ${res.status}`)
        if (res.ok) return
      } catch (e: any) {
        record.error = e?.message ?? String(e)
        this.log(`webhook ${event.type} ${event.id} -> ${endpoint.url} failed: ${record.error}`)
      }
    }
  }
}

// ---- helpers -----------------------------------------------------------------------------------

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function toArray(value: unknown): unknown[] {
  if (value === undefined || value === "") return []
  return Array.isArray(value) ? value : [value]
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Obj)[k])}`)
      .join(",")}}`
  }
  return JSON.stringify(value)
}

function rejectUnknown(params: Obj, allowed: string[]) {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key)) throw invalid(`Received unknown parameter: ${key}`, key)
  }
}

function parseAmount(
  value: FormValue | undefined,
  param: string,
  required: boolean
): number | undefined {
  if (value === undefined || value === "") {
    if (required) throw invalid(`Missing required param: ${param}.`, param, "parameter_missing")
    return undefined
  }
  if (typeof value !== "string" && typeof value !== "number")
    throw invalid("Invalid integer", param)
  const text = String(value)
  if (!/^\d+$/.test(text))
    throw invalid(`Invalid integer: ${text}`, param, "parameter_invalid_integer")
  const n = Number(text)
  if (n < 1)
    throw invalid(
      `This value must be greater than or equal to 1.`,
      param,
      "parameter_invalid_integer"
    )
  return n
}

function checkAmountLimits(amount: number, currency: string) {
  // Stripe's minimum charge is about 0.50 USD; 50 units is the minimum for usd/eur and jpy alike.
  const minimum = THREE_DECIMAL.has(currency) ? 500 : 50
  if (amount < minimum) {
    throw invalid(
      `Amount must be at least ${formatAmount(minimum, currency)}`,
      "amount",
      "amount_too_small"
    )
  }
  if (amount > MAX_AMOUNT) {
    throw invalid(
      `Amount must be no more than ${formatAmount(MAX_AMOUNT, currency)}`,
      "amount",
      "amount_too_large"
    )
  }
}

function parseCurrency(value: unknown) {
  if (value === undefined || value === "") {
    throw invalid("Missing required param: currency.", "currency", "parameter_missing")
  }
  const currency = String(value).toLowerCase()
  if (!SUPPORTED_CURRENCIES.has(currency)) {
    throw invalid(`Invalid currency: ${currency}.`, "currency")
  }
  return currency
}

function parseCaptureMethod(value: unknown) {
  if (value === undefined || value === "") return undefined
  if (value !== "automatic" && value !== "automatic_async" && value !== "manual") {
    throw invalid(
      `Invalid capture_method: must be one of automatic, automatic_async, or manual`,
      "capture_method"
    )
  }
  return value
}

function parseBool(value: unknown) {
  return value === true || value === "true"
}

// Stripe's metadata: string values; an empty string removes a key; at most 50 keys.
function mergeMetadata(current: Obj, update: unknown) {
  if (update === undefined) return current
  if (update === "") return {}
  if (typeof update !== "object" || update === null || Array.isArray(update)) {
    throw invalid("Invalid object", "metadata")
  }
  const next: Obj = { ...current }
  for (const [k, v] of Object.entries(update)) {
    if (typeof v !== "string")
      throw invalid(`Invalid value for metadata[${k}]: must be a string`, `metadata[${k}]`)
    if (k.length > 40) throw invalid("Metadata keys can be at most 40 characters", `metadata[${k}]`)
    if (v.length > 500)
      throw invalid("Metadata values can be at most 500 characters", `metadata[${k}]`)
    if (v === "") delete next[k]
    else next[k] = v
  }
  if (Object.keys(next).length > 50) throw invalid("Metadata can have at most 50 keys", "metadata")
  return next
}

function unexpectedState(pi: Obj, message: string, param?: string) {
  return new StripeError(400, {
    type: "invalid_request_error",
    code: "payment_intent_unexpected_state",
    doc_url: "https://stripe.com/docs/error-codes/payment-intent-unexpected-state",
    message,
    ...(param ? { param } : {}),
    payment_intent: clone(pi),
  })
}

function publicPm(pm: Obj) {
  const { _scenario, ...rest } = pm
  return clone(rest)
}

function webhookEndpointObject(w: WebhookEndpointConfig & { id: string }) {
  return {
    id: w.id,
    object: "webhook_endpoint",
    url: w.url,
    enabled_events: w.enabledEvents ?? ["*"],
    status: "enabled",
    livemode: false,
  }
}

export async function startStripeLocal(options: StripeLocalOptions = {}) {
  const server = new StripeLocalServer(options)
  await server.listen()
  return server
}
