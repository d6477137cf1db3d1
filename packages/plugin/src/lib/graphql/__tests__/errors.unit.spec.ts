import { MedusaError } from "@medusajs/framework/utils"
import { GraphQLError } from "graphql"
import { toGraphQLError, TooManyRequestsError } from "../errors"
import { asError } from "../schema"
import { printStorefrontSchema } from "../print"
import { createStorefrontYoga } from "../server"

const located = (e: unknown) =>
  new GraphQLError(e instanceof Error ? e.message : "x", {
    originalError: e instanceof Error ? e : undefined,
    path: ["field"],
  })

describe("GraphQL errors carry REST's status and type", () => {
  const logged: string[] = []
  const opts = (production: boolean) => ({
    production,
    requestId: "req-1",
    log: (m: string) => void logged.push(m),
  })

  it("maps Medusa errors to their REST status", () => {
    const cases: [string, number][] = [
      [MedusaError.Types.NOT_FOUND, 404],
      [MedusaError.Types.INVALID_DATA, 400],
      [MedusaError.Types.UNAUTHORIZED, 401],
      [MedusaError.Types.NOT_ALLOWED, 400],
    ]
    for (const [type, status] of cases) {
      const out = toGraphQLError(located(new MedusaError(type, "m")), opts(true))
      expect(out.extensions).toMatchObject({ status, code: type })
      expect(out.message).toBe("m")
    }
  })

  it("masks 5xx in production with the request id, and logs them", () => {
    const out = toGraphQLError(located(new Error("db password is hunter2")), opts(true))
    expect(out.message).toBe("An internal error occurred. Reference: req-1")
    expect(out.extensions).toMatchObject({ status: 500, code: "unknown_error", requestId: "req-1" })
    expect(logged.length).toBeGreaterThan(0)
    // Outside production the message is what REST's error handler says, never internals.
    const dev = toGraphQLError(located(new Error("detail")), opts(false))
    expect(dev.message).toBe("An unknown error occurred.")
  })

  it("keeps the type of a workflow's serialized error", () => {
    const serialized = { type: "not_found", message: "Wishlist item with id: x was not found" }
    const err = asError(serialized)
    expect(err).toBeInstanceOf(MedusaError)
    expect(toGraphQLError(located(err), opts(true)).extensions).toMatchObject({ status: 404 })
  })

  it("answers a brute-force refusal with 429 and the wait", () => {
    const out = toGraphQLError(located(new TooManyRequestsError("Too many", 60)), opts(true))
    expect(out.extensions).toMatchObject({
      status: 429,
      code: "too_many_requests",
      retryAfterSeconds: 60,
    })
  })

  it("answers parse and validation errors with 400", () => {
    const out = toGraphQLError(new GraphQLError("Syntax Error: Expected Name"), opts(true))
    expect(out.extensions).toMatchObject({ status: 400, code: "invalid_data" })
  })
})

describe("the storefront schema", () => {
  it("prints deterministically and builds with its resolvers", () => {
    expect(printStorefrontSchema()).toBe(printStorefrontSchema())
    const limits = {
      maxDepth: 10,
      maxCost: 20000,
      maxAliases: 15,
      maxDirectives: 20,
      maxTokens: 3000,
    }
    const yoga = createStorefrontYoga({ production: true, introspection: false, limits })
    expect(yoga.graphqlEndpoint).toBe("/graphql")
  })
})
