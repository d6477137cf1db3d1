// Jest setupFilesAfterEnv: every axios instance created in a test (the integration runner's
// `api` is one) validates responses of documented routes against the OpenAPI document.
// A mismatch rejects the request with a readable diff and fails the test in afterEach even
// if the test swallowed the error. CONTRACT_CHECKS=off disables it (never in CI).
import { buildOpenApiDocument } from "@commerce-api/plugin/openapi/document"
import { createContractValidator, formatViolation, type Violation } from "./validator"

type Validator = ReturnType<typeof createContractValidator>
let validator: Validator | undefined
const violations: Violation[] = []

/** The validator for this test file (built on first use). */
export function contractValidator(): Validator {
  if (!validator) validator = createContractValidator(buildOpenApiDocument())
  return validator
}

class ContractError extends Error {}

function inspect(res: any) {
  const cfg = res.config ?? {}
  const url = new URL(cfg.url ?? "", cfg.baseURL ?? "http://localhost").toString()
  const v = contractValidator().check({
    method: cfg.method ?? "get",
    url,
    status: res.status,
    contentType: res.headers?.["content-type"],
    body: res.data,
  })
  if (v) {
    violations.push(v)
    return new ContractError(formatViolation(v))
  }
  return undefined
}

/**
 * Axios errors carry circular request/response objects; jest workers must serialize a failed
 * test's error to report it, and crash on those. Tests only read status, data and headers.
 */
function plainHttpError(error: any) {
  if (!error?.isAxiosError) return error
  const res = error.response
  const plain: any = new Error(error.message)
  plain.isAxiosError = true
  plain.code = error.code
  plain.config = { method: error.config?.method, url: error.config?.url }
  if (res) {
    const headers = res.headers
    plain.response = {
      status: res.status,
      statusText: res.statusText,
      data: res.data,
      headers: typeof headers?.toJSON === "function" ? headers.toJSON() : { ...headers },
    }
  }
  return plain
}

function instrument(instance: any) {
  instance.interceptors.response.use(
    (res: any) => {
      const err = inspect(res)
      if (err) throw err
      return res
    },
    (error: any) => {
      if (error?.response) {
        const err = inspect(error.response)
        if (err) return Promise.reject(err)
      }
      return Promise.reject(plainHttpError(error))
    }
  )
  return instance
}

function patch(axios: any) {
  if (!axios || typeof axios.create !== "function" || axios.__contractPatched) return
  const create = axios.create
  axios.create = function (...args: any[]) {
    return instrument(create.apply(this, args))
  }
  axios.__contractPatched = true
}

if (process.env.CONTRACT_CHECKS !== "off") {
  const cjs = require("axios")
  patch(cjs.default ?? cjs)
  // setup-esm.mjs patches the ESM build the runner's dynamic import() resolves to.
  ;(globalThis as any).__contractPatchAxios = patch
  afterEach(() => {
    const found = violations.splice(0)
    if (found.length) throw new Error(found.map(formatViolation).join("\n\n"))
  })
}
