import express from "express"
import http from "http"
import type { AddressInfo } from "net"
import { cacheControlFor, installNoStoreOnErrors } from "../error-responses"

describe("Cache-Control of error responses", () => {
  it("allows public only on 200 and 304", () => {
    expect(cacheControlFor(200, "public, max-age=300")).toBe("public, max-age=300")
    expect(cacheControlFor(304, "public, max-age=0")).toBe("public, max-age=0")
    expect(cacheControlFor(201, "public, max-age=300")).toBe("no-store")
    expect(cacheControlFor(201, "private")).toBe("private")
    expect(cacheControlFor(404, undefined)).toBe("no-store")
    expect(cacheControlFor(500, "public, max-age=300")).toBe("no-store")
  })

  // Five local requests, but the first fetch loads undici: slow in a worker starved by Medusa boots.
  it("rewrites whatever a handler set, on every path that writes a status", async () => {
    installNoStoreOnErrors()
    expect(installNoStoreOnErrors()).toBe(false) // idempotent
    const app = express()
    app.get("/thrown", (_req, res) => {
      res.setHeader("Cache-Control", "public, max-age=300")
      throw new Error("boom")
    })
    app.get("/json", (_req, res) => {
      res.setHeader("Cache-Control", "public, max-age=300")
      res.status(429).json({ message: "slow down" })
    })
    app.get("/raw", (_req, res) => {
      res.writeHead(503, { "Cache-Control": "public, max-age=60", "Content-Type": "text/plain" })
      res.end("down")
    })
    app.get("/ok", (_req, res) => {
      res.setHeader("Cache-Control", "public, max-age=300")
      res.json({ ok: true })
    })
    app.use(((_err, _req, res, _next) => {
      res.status(500).json({ message: "error" })
    }) as express.ErrorRequestHandler)
    const server = http.createServer(app).listen(0, "127.0.0.1")
    await new Promise((r) => server.once("listening", r))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const seen: Record<string, [number, string | null]> = {}
      for (const path of ["/thrown", "/json", "/raw", "/ok", "/unknown"]) {
        const res = await fetch(base + path)
        seen[path] = [res.status, res.headers.get("cache-control")]
      }
      expect(seen).toEqual({
        "/thrown": [500, "no-store"],
        "/json": [429, "no-store"],
        "/raw": [503, "no-store"],
        "/ok": [200, "public, max-age=300"],
        "/unknown": [404, "no-store"],
      })
    } finally {
      server.close()
    }
  }, 30_000)
})
