import type { NextFunction, Request, Response } from "express"
import helmet from "helmet"

type Handler = (req: Request, res: Response, next: NextFunction) => void

/**
 * Security headers (OWASP API8). The JSON API gets a deny-everything CSP; the
 * admin SPA under /app keeps scripts/styles working and is only protected
 * against framing, plugins and base-tag injection.
 */
export function createSecurityHeaders(options: { production: boolean }): Handler {
  const common = {
    // HSTS only makes sense behind TLS, which production deployments terminate.
    strictTransportSecurity: options.production
      ? { maxAge: 31536000, includeSubDomains: true }
      : false,
    referrerPolicy: { policy: "no-referrer" as const },
    // Storefronts on other origins embed product images served by us.
    crossOriginResourcePolicy: { policy: "cross-origin" as const },
    crossOriginEmbedderPolicy: false,
    xPoweredBy: false,
  }
  const api = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { "default-src": ["'none'"], "frame-ancestors": ["'none'"] },
    },
  })
  const adminUi = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        // The SPA's scripts and styles are Medusa's; we only forbid framing and plugins.
        "default-src": helmet.contentSecurityPolicy.dangerouslyDisableDefaultSrc,
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
      },
    },
  })
  return function securityHeaders(req, res, next) {
    res.removeHeader("X-Powered-By")
    const path = req.originalUrl || req.url
    if (path === "/app" || path.startsWith("/app/") || path.startsWith("/app?")) {
      return adminUi(req, res, next)
    }
    return api(req, res, next)
  }
}

const installed = new WeakSet<object>()

/**
 * Medusa registers CORS, auth and publishable-key checks before any project
 * middleware, so a 401 from them would leave without our headers. On the first
 * request we disable X-Powered-By and move the header middleware to the front
 * of Express' stack (right after its own query/init layers); until then, and if
 * Express' internals are not what we expect, the late middleware still applies
 * the headers to everything that reaches it.
 */
export function earlySecurityHeaders(headers: Handler): Handler {
  return function installSecurityHeaders(req, res, next) {
    const app = req.app as any
    if (app && !installed.has(app)) {
      installed.add(app)
      app.disable("x-powered-by")
      const stack = app._router?.stack
      if (Array.isArray(stack)) {
        app.use(function securityHeadersEarly(rq: Request, rs: Response, nx: NextFunction) {
          ;(rs as any).locals.securityHeadersApplied = true
          headers(rq, rs, nx)
        })
        const layer = stack.pop()
        const init = stack.findIndex((l: any) => l.name === "expressInit")
        stack.splice(init >= 0 ? init + 1 : 0, 0, layer)
      }
    }
    if ((res as any).locals?.securityHeadersApplied) return next()
    headers(req, res, next)
  }
}
