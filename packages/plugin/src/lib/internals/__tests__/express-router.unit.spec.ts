/**
 * The request-target guard, the catalog cache's early lane, the early security headers and
 * the route label of metrics rely on Express's private router stack (../express-router.ts).
 * These tests drive the Express that Medusa itself resolves, over real HTTP, and fail when
 * an upgrade changes what that file relies on.
 */
import type { Application, ErrorRequestHandler, Request, RequestHandler, Response } from "express"
import http from "node:http"
import type { AddressInfo } from "node:net"
import path from "node:path"
import {
  insertAfterLayer,
  routeLayers,
  routerStack,
  runAfterLayer,
  runBeforeLayer,
} from "../express-router"

type ExpressFactory = () => Application
// The Express Medusa's server is built with (`medusa start` calls `express()` from @medusajs/medusa).
const medusaDir = path.dirname(require.resolve("@medusajs/medusa/package.json"))
const express: ExpressFactory = require(require.resolve("express", { paths: [medusaDir] }))

async function serve(app: Application) {
  const server = http.createServer(app).listen(0, "127.0.0.1")
  await new Promise((r) => server.once("listening", r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    get: async (url: string) => {
      const res = await fetch(base + url)
      return { status: res.status, body: await res.text() }
    },
    close: () => new Promise((r) => server.close(r)),
  }
}

/** An app as Medusa leaves it: global middlewares, then routes, then an error handler. */
function medusaLikeApp(seen: string[]) {
  const app = express()
  app.use(function projectMiddleware(req: Request, _res: Response, next) {
    seen.push(`middleware query=${JSON.stringify(req.query)}`)
    next()
  })
  app.get("/store/carts/:id/complete", (req: Request, res: Response) => {
    seen.push("route")
    res.json({ id: req.params.id, q: req.query })
  })
  // Node's own response methods: an error raised before expressInit meets a response Express has not extended.
  const onError: ErrorRequestHandler = (err: Error, _req, res, _next) => {
    res.statusCode = 418
    res.end(JSON.stringify({ error: err.message }))
  }
  app.use(onError)
  return app
}

describe("Express router internals (Medusa's Express)", () => {
  it("is Express 4 with the router stack this project reads", () => {
    const pkg = require(require.resolve("express/package.json", { paths: [medusaDir] }))
    expect(pkg.version).toMatch(/^4\./)
    const stack = routerStack(medusaLikeApp([]))
    expect(Array.isArray(stack)).toBe(true)
    // Express's own first layers, which the guard and the early lane chain onto.
    expect(stack!.slice(0, 2).map((l) => l.name)).toEqual(["query", "expressInit"])
    for (const layer of stack!) {
      expect(typeof layer.handle).toBe("function")
      expect(typeof layer.match).toBe("function")
    }
    expect(routerStack(undefined)).toBeUndefined()
    expect(routerStack({})).toBeUndefined()
  })

  it("lists route layers with their template and a working matcher", () => {
    const layers = routeLayers(medusaLikeApp([]))
    expect(layers.map((l) => l.route?.path)).toEqual(["/store/carts/:id/complete"])
    expect(layers[0].match("/store/carts/cart_1/complete")).toBe(true)
    expect(layers[0].match("/store/carts/cart_1")).toBe(false)
  })

  it("runs a handler before the query parser, installed while requests are served", async () => {
    const seen: string[] = []
    const app = medusaLikeApp(seen)
    const server = await serve(app)
    try {
      // Installed from inside a request, as the guard does on the first one.
      expect((await server.get("/store/carts/c1/complete?a=1")).status).toBe(200)
      const installed = runBeforeLayer(app, ["query", "expressInit"], (req, _res, next) => {
        // Still Node's own request: Express has not parsed the query or set req.app yet.
        const r = req as Partial<Request>
        seen.push(`before query=${String(r.query)} app=${String(r.app)}`)
        if (req.url?.includes("refuse")) return next(new Error("refused"))
        next()
      })
      expect(installed).toBe(true)
      seen.length = 0
      const ok = await server.get("/store/carts/c1/complete?a=1")
      expect(ok).toEqual({ status: 200, body: JSON.stringify({ id: "c1", q: { a: "1" } }) })
      expect(seen).toEqual([
        "before query=undefined app=undefined",
        'middleware query={"a":"1"}',
        "route",
      ])
      // An error passed on skips the rest and reaches the error handler.
      seen.length = 0
      expect(await server.get("/store/carts/c1/complete?refuse")).toEqual({
        status: 418,
        body: JSON.stringify({ error: "refused" }),
      })
      expect(seen).toEqual(["before query=undefined app=undefined"])
    } finally {
      await server.close()
    }
    expect(runBeforeLayer(express(), ["no-such-layer"], (_q, _s, next) => next())).toBe(false)
  })

  it("runs a handler right after expressInit, ahead of every middleware", async () => {
    const seen: string[] = []
    const app = medusaLikeApp(seen)
    const server = await serve(app)
    try {
      expect(
        runAfterLayer(app, "expressInit", (req, _res, next) => {
          // expressInit has run: the request is Express's now.
          seen.push(`after app=${typeof (req as Partial<Request>).app}`)
          next()
        })
      ).toBe(true)
      expect((await server.get("/store/carts/c2/complete")).status).toBe(200)
      expect(seen).toEqual(["after app=function", "middleware query={}", "route"])
    } finally {
      await server.close()
    }
  })

  it("moves a new middleware to right after expressInit", async () => {
    const seen: string[] = []
    const app = medusaLikeApp(seen)
    const server = await serve(app)
    try {
      expect((await server.get("/store/carts/c3/complete")).status).toBe(200)
      const early: RequestHandler = (_req, res, next) => {
        seen.push("early")
        res.setHeader("x-early", "1")
        next()
      }
      expect(insertAfterLayer(app, "expressInit", early)).toBe(true)
      expect(
        routerStack(app)!
          .map((l) => l.name)
          .slice(0, 4)
      ).toEqual(["query", "expressInit", "early", "projectMiddleware"])
      seen.length = 0
      expect((await server.get("/store/carts/c3/complete")).status).toBe(200)
      expect(seen).toEqual(["early", "middleware query={}", "route"])
    } finally {
      await server.close()
    }
  })
})
