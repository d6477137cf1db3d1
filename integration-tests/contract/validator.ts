import Ajv2020 from "ajv/dist/2020"
import addFormats from "ajv-formats"
import type { ValidateFunction } from "ajv"

// Validates real HTTP responses against the OpenAPI 3.1 document (JSON Schema 2020-12
// dialect, which is what OpenAPI 3.1 uses).

type Doc = Record<string, any>
const METHODS = ["get", "put", "post", "patch", "delete", "head", "options"]

export type Operation = {
  method: string
  path: string
  regex: RegExp
  literalSegments: number
  op: Doc
}

export type Violation = {
  operation: string
  request: string
  status: number
  problems: string[]
  body?: unknown
}

const pointer = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1")

export function listOperations(doc: Doc): Operation[] {
  const ops: Operation[] = []
  for (const [path, item] of Object.entries<Doc>(doc.paths ?? {})) {
    for (const method of METHODS) {
      if (!item[method]) continue
      const segments = path.split("/").filter(Boolean)
      const regex = new RegExp(
        "^/" +
          segments
            .map((s) => (/^\{.+\}$/.test(s) ? "[^/]+" : s.replace(/[.*+?^$()|[\]\\]/g, "\\$&")))
            .join("/") +
          "/?$"
      )
      ops.push({
        method,
        path,
        regex,
        literalSegments: segments.filter((s) => !s.startsWith("{")).length,
        op: item[method],
      })
    }
  }
  // Most specific first: /store/customers/me wins over /store/customers/{id}.
  return ops.sort((a, b) => b.literalSegments - a.literalSegments)
}

export function createContractValidator(doc: Doc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false })
  addFormats(ajv)
  ajv.addSchema({ ...doc, $id: "openapi" })
  const operations = listOperations(doc)
  const compiled = new Map<string, ValidateFunction>()
  const exercised = new Set<string>()

  function schemaFor(o: Operation, status: string): ValidateFunction | undefined {
    const schema = o.op.responses?.[status]?.content?.["application/json"]?.schema
    if (!schema) return undefined
    const ref =
      `openapi#/paths/${pointer(o.path)}/${o.method}/responses/${status}` +
      `/content/application~1json/schema`
    if (!compiled.has(ref)) compiled.set(ref, ajv.compile({ $ref: ref }))
    return compiled.get(ref)
  }

  function find(method: string, url: string) {
    const pathname = new URL(url, "http://x").pathname
    return operations.find((o) => o.method === method.toLowerCase() && o.regex.test(pathname))
  }

  /** Checks one response; returns a violation or undefined (also for undocumented routes). */
  function check(res: {
    method: string
    url: string
    status: number
    contentType?: string
    body: unknown
  }): Violation | undefined {
    const o = find(res.method, res.url)
    if (!o) return undefined
    const operation = `${o.method.toUpperCase()} ${o.path}`
    exercised.add(`${operation} ${res.status}`)
    const base = {
      operation,
      request: `${res.method.toUpperCase()} ${res.url}`,
      status: res.status,
    }
    const declared = o.op.responses?.[String(res.status)]
    if (!declared) {
      return {
        ...base,
        problems: [
          `status ${res.status} is not documented (documented: ${Object.keys(o.op.responses ?? {}).join(", ")})`,
        ],
        body: res.body,
      }
    }
    const media = Object.keys(declared.content ?? {})
    const type = (res.contentType ?? "").split(";")[0].trim()
    if (media.length && type && !media.includes(type)) {
      return { ...base, problems: [`content-type ${type} is not one of ${media.join(", ")}`] }
    }
    const validate = schemaFor(o, String(res.status))
    if (validate && !validate(res.body)) {
      const problems = (validate.errors ?? []).map(
        (e) =>
          `${e.instancePath || "(body)"} ${e.message}${e.params ? " " + JSON.stringify(e.params) : ""}`
      )
      return { ...base, problems, body: res.body }
    }
    return undefined
  }

  return { check, operations, exercised }
}

export function formatViolation(v: Violation) {
  const body = JSON.stringify(v.body, null, 2) ?? ""
  return [
    `Contract violation: ${v.request} answered ${v.status}, documented as ${v.operation}`,
    ...v.problems.map((p) => `  - ${p}`),
    `  body: ${body.length > 1500 ? body.slice(0, 1500) + "…" : body}`,
  ].join("\n")
}
