import type { OpenApiDocument } from "./document"

// Hand-written OpenAPI → Postman v2.1 converter. Deterministic: ids are derived from
// names, nothing depends on time or on the machine.

const SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
const METHODS = ["get", "post", "put", "patch", "delete"]

type Json = Record<string, any>

function stableId(text: string) {
  // FNV-1a based, formatted like a UUID so Postman accepts it.
  let h1 = 0x811c9dc5
  let h2 = 0x01000193
  for (const ch of text) {
    h1 = Math.imul(h1 ^ ch.charCodeAt(0), 16777619) >>> 0
    h2 = Math.imul(h2 ^ ch.charCodeAt(0), 2246822519) >>> 0
  }
  const hex = (h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0")).repeat(2)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** `/store/carts/{id}` → variable `cartId`; `{line_id}` → `lineItemId`. */
export function variableFor(path: string, param: string) {
  const segments = path.split("/")
  const prev = segments[segments.indexOf(`{${param}}`) - 1] ?? ""
  const singular = prev.endsWith("ies")
    ? prev.slice(0, -3) + "y"
    : prev.endsWith("sses")
      ? prev.slice(0, -2)
      : prev.replace(/s$/, "")
  const base =
    param === "id" ? singular : param === "line_id" ? "line-item" : param.replace(/_id$/, "")
  return base.replace(/[-_]([a-z])/g, (_, c) => c.toUpperCase()) + "Id"
}

function resolve(doc: OpenApiDocument, schema: Json | undefined): Json | undefined {
  if (schema?.$ref) return resolve(doc, doc.components.schemas[schema.$ref.split("/").pop()])
  return schema
}

/** A minimal example body: required properties only, from `example` or the type. */
export function exampleFor(doc: OpenApiDocument, schema: Json | undefined, depth = 0): unknown {
  const s = resolve(doc, schema)
  if (!s || depth > 4) return undefined
  if (s.example !== undefined) return s.example
  if (s.anyOf || s.oneOf) return exampleFor(doc, (s.anyOf ?? s.oneOf)[0], depth + 1)
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== "null") : s.type
  if (type === "object" || s.properties) {
    const out: Json = {}
    for (const key of s.required ?? []) out[key] = exampleFor(doc, s.properties?.[key], depth + 1)
    return out
  }
  if (type === "array") return [exampleFor(doc, s.items, depth + 1)]
  if (type === "string") return s.format === "email" ? "ada@example.com" : "string"
  if (type === "number" || type === "integer") return 1
  if (type === "boolean") return true
  return undefined
}

function authFor(op: Json): Json | undefined {
  const schemes = new Set((op.security ?? []).flatMap((req: Json) => Object.keys(req)))
  if (schemes.has("bearerJwt")) {
    return {
      type: "bearer",
      bearer: [{ key: "token", value: "{{customerToken}}", type: "string" }],
    }
  }
  return { type: "noauth" }
}

function request(
  doc: OpenApiDocument,
  method: string,
  path: string,
  op: Json,
  overrides: { query?: Record<string, string>; body?: unknown } = {}
): Json {
  const schemes = new Set((op.security ?? []).flatMap((req: Json) => Object.keys(req)))
  const header: Json[] = []
  if (schemes.has("publishableKey")) {
    header.push({ key: "x-publishable-api-key", value: "{{publishableKey}}", type: "text" })
  }
  const segments = path.split("/").filter(Boolean)
  const pathVars = (op.parameters ?? []).filter((p: Json) => p.in === "path")
  const urlPath = segments.map((s) => s.replace(/^\{(.+)\}$/, ":$1"))
  const query = Object.entries(overrides.query ?? {}).map(([key, value]) => ({ key, value }))
  const raw =
    "{{baseUrl}}/" +
    urlPath.join("/") +
    (query.length ? "?" + query.map((q) => `${q.key}=${q.value}`).join("&") : "")
  const out: Json = {
    method: method.toUpperCase(),
    header,
    url: {
      raw,
      host: ["{{baseUrl}}"],
      path: urlPath,
      ...(query.length ? { query } : {}),
      ...(pathVars.length
        ? {
            variable: pathVars.map((p: Json) => ({
              key: p.name,
              value: `{{${variableFor(path, p.name)}}}`,
            })),
          }
        : {}),
    },
    auth: authFor(op),
    description: [op.summary, op.description].filter(Boolean).join("\n\n"),
  }
  const bodySchema = op.requestBody?.content?.["application/json"]?.schema
  const body = overrides.body ?? (bodySchema ? exampleFor(doc, bodySchema) : undefined)
  if (body !== undefined) {
    header.push({ key: "Content-Type", value: "application/json", type: "text" })
    out.body = {
      mode: "raw",
      raw: JSON.stringify(body, null, 2),
      options: { raw: { language: "json" } },
    }
  }
  return out
}

function event(listen: "test" | "prerequest", lines: string[]) {
  return [{ listen, script: { type: "text/javascript", exec: lines } }]
}

function item(name: string, req: Json, tests: string[] = []): Json {
  return {
    name,
    id: stableId(name + req.method + req.url.raw),
    request: req,
    ...(tests.length ? { event: event("test", tests) } : {}),
    response: [],
  }
}

const address = {
  first_name: "Ada",
  last_name: "Lovelace",
  address_1: "Keizersgracht 1",
  city: "Amsterdam",
  country_code: "nl",
  postal_code: "1015",
}

/** The ready-to-run checkout: every step stores the ids the next one needs. */
function checkoutFolder(doc: OpenApiDocument): Json {
  const op = (m: string, p: string) => {
    const found = doc.paths[p]?.[m]
    if (!found) throw new Error(`Checkout folder uses undocumented ${m.toUpperCase()} ${p}`)
    return found
  }
  const ok = (extra: string[] = []) => [
    "pm.test('status is 200', () => pm.response.to.have.status(200))",
    "const body = pm.response.json()",
    ...extra,
  ]
  const steps: Json[] = [
    item(
      "1. Pick the EUR region",
      request(doc, "get", "/store/regions", op("get", "/store/regions")),
      ok([
        "const region = body.regions.find((r) => r.currency_code === 'eur') || body.regions[0]",
        "pm.expect(region, 'a region').to.be.ok",
        "pm.collectionVariables.set('regionId', region.id)",
      ])
    ),
    item(
      "2. Find a product variant in stock",
      request(doc, "get", "/store/products", op("get", "/store/products"), {
        query: {
          region_id: "{{regionId}}",
          fields: "*variants.calculated_price,+variants.inventory_quantity",
          limit: "50",
        },
      }),
      ok([
        "const variant = body.products.flatMap((p) => p.variants)",
        "  .find((v) => !v.manage_inventory || v.inventory_quantity > 2)",
        "pm.expect(variant, 'a variant in stock').to.be.ok",
        "pm.expect(variant.calculated_price.currency_code).to.eql('eur')",
        "pm.collectionVariables.set('variantId', variant.id)",
      ])
    ),
    item(
      "3. Create a cart",
      request(doc, "post", "/store/carts", op("post", "/store/carts"), {
        body: { region_id: "{{regionId}}" },
      }),
      ok(["pm.collectionVariables.set('cartId', body.cart.id)"])
    ),
    item(
      "4. Add the variant",
      request(
        doc,
        "post",
        "/store/carts/{id}/line-items",
        op("post", "/store/carts/{id}/line-items"),
        {
          body: { variant_id: "{{variantId}}", quantity: 1 },
        }
      ),
      ok(["pm.expect(body.cart.items).to.have.length(1)"])
    ),
    item(
      "5. Set email and addresses",
      request(doc, "post", "/store/carts/{id}", op("post", "/store/carts/{id}"), {
        body: { email: "postman@example.com", shipping_address: address, billing_address: address },
      }),
      ok(["pm.expect(body.cart.shipping_address.country_code).to.eql('nl')"])
    ),
    item(
      "6. List shipping options",
      request(doc, "get", "/store/shipping-options", op("get", "/store/shipping-options"), {
        query: { cart_id: "{{cartId}}" },
      }),
      ok([
        "pm.expect(body.shipping_options.length).to.be.above(0)",
        "pm.collectionVariables.set('shippingOptionId', body.shipping_options[0].id)",
      ])
    ),
    item(
      "7. Choose the shipping option",
      request(
        doc,
        "post",
        "/store/carts/{id}/shipping-methods",
        op("post", "/store/carts/{id}/shipping-methods"),
        { body: { option_id: "{{shippingOptionId}}" } }
      ),
      ok(["pm.expect(body.cart.shipping_methods).to.have.length(1)"])
    ),
    item(
      "8. Create the payment collection",
      request(doc, "post", "/store/payment-collections", op("post", "/store/payment-collections"), {
        body: { cart_id: "{{cartId}}" },
      }),
      ok(["pm.collectionVariables.set('paymentCollectionId', body.payment_collection.id)"])
    ),
    item(
      "9. Start a payment session (system provider)",
      request(
        doc,
        "post",
        "/store/payment-collections/{id}/payment-sessions",
        op("post", "/store/payment-collections/{id}/payment-sessions"),
        { body: { provider_id: "pp_system_default" } }
      ),
      ok(["pm.expect(body.payment_collection.payment_sessions).to.have.length(1)"])
    ),
    item(
      "10. Complete the cart",
      request(doc, "post", "/store/carts/{id}/complete", op("post", "/store/carts/{id}/complete")),
      ok([
        "pm.expect(body.type).to.eql('order')",
        "pm.collectionVariables.set('orderId', body.order.id)",
      ])
    ),
    item(
      "11. Read the order",
      request(doc, "get", "/store/orders/{id}", op("get", "/store/orders/{id}")),
      ok(["pm.expect(body.order.id).to.eql(pm.collectionVariables.get('orderId'))"])
    ),
  ]
  return {
    name: "Checkout (run this folder)",
    description:
      "Guest checkout against `npm start`: region → product → cart → item → address → " +
      "shipping → payment collection → session → complete → order. Each request stores the " +
      "ids the next one needs in collection variables. Set `publishableKey` in the environment " +
      "from .data/demo.json first (npm run docs:build writes a ready local environment there).",
    item: steps,
  }
}

const VARIABLES = [
  "regionId",
  "variantId",
  "cartId",
  "lineItemId",
  "shippingOptionId",
  "paymentCollectionId",
  "orderId",
  "productId",
  "productCategoryId",
  "collectionId",
  "addressId",
  "customerToken",
]

export function buildPostmanCollection(doc: OpenApiDocument): Json {
  const folders = new Map<string, Json[]>()
  for (const tag of doc.tags ?? []) folders.set(tag.name, [])
  for (const [path, pathItem] of Object.entries<Json>(doc.paths)) {
    for (const method of METHODS) {
      const op = pathItem[method]
      if (!op) continue
      const tag = op.tags?.[0] ?? "Other"
      if (!folders.has(tag)) folders.set(tag, [])
      // Logging in stores the token that every bearer-authenticated request uses.
      const tests =
        method === "post" && path === "/auth/customer/emailpass"
          ? [
              "const body = pm.response.json()",
              "if (body.token) pm.collectionVariables.set('customerToken', body.token)",
            ]
          : []
      folders
        .get(tag)!
        .push(item(`${method.toUpperCase()} ${path}`, request(doc, method, path, op), tests))
    }
  }
  const descriptions = new Map((doc.tags ?? []).map((t: Json) => [t.name, t.description]))
  return {
    info: {
      _postman_id: stableId(doc.info.title),
      name: doc.info.title,
      description: doc.info.description,
      schema: SCHEMA,
    },
    item: [
      checkoutFolder(doc),
      ...[...folders.entries()]
        .filter(([, items]) => items.length)
        .map(([name, items]) => ({ name, description: descriptions.get(name), item: items })),
    ],
    variable: VARIABLES.map((key) => ({ key, value: "" })),
  }
}

export function buildPostmanEnvironment(
  values: { baseUrl?: string; publishableKey?: string } = {}
) {
  return {
    id: stableId("commerce-api-local"),
    name: "Commerce API (npm start)",
    values: [
      {
        key: "baseUrl",
        value: values.baseUrl ?? "http://localhost:9000",
        type: "default",
        enabled: true,
      },
      {
        key: "publishableKey",
        value: values.publishableKey ?? "",
        type: "default",
        enabled: true,
      },
    ],
    _postman_variable_scope: "environment",
  }
}
