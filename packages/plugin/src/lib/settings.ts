/**
 * Reads the server's configuration from the environment in one place so that
 * medusa-config.ts, scripts and tests agree on defaults and on what is unsafe.
 */
export const DEFAULT_STORE_CORS = "http://localhost:8000,http://localhost:3000"
export const DEFAULT_ADMIN_CORS = "http://localhost:5173,http://localhost:9000"
export const DEFAULT_AUTH_CORS = `${DEFAULT_ADMIN_CORS},${DEFAULT_STORE_CORS}`

const KNOWN_WEAK_SECRETS = new Set(["supersecret", "secret", "changeme", ""])
// Development and tests may run with no configuration at all.
const DEV_SECRET = "dev-only-not-for-production"

export type Settings = {
  env: string
  isProduction: boolean
  databaseUrl?: string
  redisUrl?: string
  workerMode: "shared" | "server" | "worker"
  storeCors: string
  adminCors: string
  authCors: string
  jwtSecret: string
  cookieSecret: string
  adminDisabled: boolean
  backendUrl?: string
  cookieOptions: { secure?: boolean; sameSite?: "lax" | "strict"; httpOnly?: boolean }
  rawSecrets: { JWT_SECRET?: string; COOKIE_SECRET?: string }
  /** Secrets that let a storefront server pass the shopper's IP (STOREFRONT_SERVER_TOKEN). */
  storefrontServerTokens: string[]
  /** ENABLE_TEST_ROUTES: the test-only /ops-test/* routes (NODE_ENV=test only; production refuses it). */
  testRoutes: boolean
}

/** A comma-separated list of secrets (more than one while a secret is rotated). */
export function parseTokenList(raw: string | undefined): string[] {
  return (raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
}

// Same bar as JWT_SECRET: a storefront token lets its holder choose client IPs.
const MIN_SECRET_LENGTH = 32

type Env = Record<string, string | undefined>

export function readSettings(env: Env): Settings {
  const nodeEnv = env.NODE_ENV || "development"
  const isProduction = nodeEnv === "production"
  const mode = env.MEDUSA_WORKER_MODE
  const workerMode = mode === "server" || mode === "worker" || mode === "shared" ? mode : "shared"
  // Plain-http deployments (the local demo) opt out of Secure cookies; the
  // browser would otherwise drop the session cookie.
  const insecureCookies = env.COOKIE_INSECURE === "true"
  return {
    env: nodeEnv,
    isProduction,
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    workerMode,
    storeCors: env.STORE_CORS || DEFAULT_STORE_CORS,
    adminCors: env.ADMIN_CORS || DEFAULT_ADMIN_CORS,
    authCors: env.AUTH_CORS || DEFAULT_AUTH_CORS,
    jwtSecret: env.JWT_SECRET || DEV_SECRET,
    cookieSecret: env.COOKIE_SECRET || DEV_SECRET,
    adminDisabled: env.ADMIN_DISABLED === "true" || workerMode === "worker",
    backendUrl: env.MEDUSA_BACKEND_URL || undefined,
    // HttpOnly + SameSite=lax everywhere; Medusa adds Secure in production.
    cookieOptions: insecureCookies
      ? { httpOnly: true, secure: false, sameSite: "lax" }
      : { httpOnly: true, sameSite: "lax" },
    rawSecrets: { JWT_SECRET: env.JWT_SECRET, COOKIE_SECRET: env.COOKIE_SECRET },
    storefrontServerTokens: parseTokenList(env.STOREFRONT_SERVER_TOKEN),
    testRoutes: !!env.ENABLE_TEST_ROUTES && !["false", "0"].includes(env.ENABLE_TEST_ROUTES),
  }
}

/** Problems that make a production start unsafe; empty when it is safe. */
export function productionProblems(settings: Settings): string[] {
  if (!settings.isProduction) return []
  const problems: string[] = []
  for (const name of ["JWT_SECRET", "COOKIE_SECRET"] as const) {
    const value = settings.rawSecrets[name]
    if (value === undefined || KNOWN_WEAK_SECRETS.has(value)) {
      problems.push(
        `${name} is ${value === undefined ? "missing" : "a known default"}: set it to a long random value`
      )
    } else if (value.length < MIN_SECRET_LENGTH) {
      problems.push(`${name} is shorter than ${MIN_SECRET_LENGTH} characters`)
    }
  }
  if (settings.storefrontServerTokens.some((t) => t.length < MIN_SECRET_LENGTH)) {
    problems.push(
      `STOREFRONT_SERVER_TOKEN has a token shorter than ${MIN_SECRET_LENGTH} characters: use a long random value`
    )
  }
  if (settings.testRoutes) {
    problems.push(
      "ENABLE_TEST_ROUTES is set: test-only routes (they log request bodies and headers) never run in production; unset it"
    )
  }
  const cors = {
    STORE_CORS: settings.storeCors,
    ADMIN_CORS: settings.adminCors,
    AUTH_CORS: settings.authCors,
  }
  for (const [name, value] of Object.entries(cors)) {
    if (value.split(",").some((origin) => origin.trim() === "*")) {
      problems.push(`${name} allows any origin ("*"): list the allowed origins`)
    }
  }
  return problems
}

export function assertProductionSafety(settings: Settings): void {
  const problems = productionProblems(settings)
  if (problems.length) {
    throw new Error(`Refusing to start in production:\n - ${problems.join("\n - ")}`)
  }
}
