/**
 * Redaction for anything written to logs: secrets are dropped by key, and
 * strings are scrubbed of e-mail addresses, card-number-like digit runs,
 * bearer tokens and JWTs wherever they appear.
 */
const SECRET_KEY =
  /pass(word)?|secret|token|authorization|cookie|api[-_]?key|session|card|cvc|cvv|iban|otp/i

// Keys that merely contain a secret-looking word but carry no secret.
const SAFE_KEYS = new Set(["request_id", "requestId", "token_type", "level", "message", "stack"])

// The lookbehinds make a match start only where a run begins: without them a long run of word
// characters (a fuzzed 20 kB identifier) is rescanned from every position, O(n²), and blocked the
// event loop for seconds per log line.
const EMAIL =
  /(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g
// 13-19 digits, optionally grouped by spaces or dashes: the shape of a PAN.
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi
// `"password": "..."`, `password=...` inside free text (a logged JSON body or query string).
const SECRET_PAIR =
  /("?)(?<![A-Za-z0-9_-])([A-Za-z0-9_-]*(?:pass(?:word)?|secret|token|authorization|cookie|api[-_]?key|session|cvc|cvv)[A-Za-z0-9_-]*)\1(\s*[:=]\s*)("(?:[^"\\]|\\.)*"|[^\s&,;}]+)/gi
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g

export function maskEmail(local: string, domain: string): string {
  return `${local}***@${domain}`
}

export function redactString(value: string): string {
  return value
    .replace(JWT, "[REDACTED_JWT]")
    .replace(BEARER, "$1 [REDACTED]")
    .replace(SECRET_PAIR, (_m, quote: string, key: string, sep: string, val: string) =>
      SAFE_KEYS.has(key)
        ? _m
        : `${quote}${key}${quote}${sep}${val.startsWith('"') ? '"[REDACTED]"' : "[REDACTED]"}`
    )
    .replace(EMAIL, (_m, first: string, domain: string) => maskEmail(first, domain))
    .replace(CARD, (m) => (luhnValid(m) ? "[REDACTED_CARD]" : m))
}

// Only Luhn-valid runs are treated as card numbers, so ids and timestamps survive.
function luhnValid(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, "")
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

export function isSecretKey(key: string): boolean {
  return !SAFE_KEYS.has(key) && SECRET_KEY.test(key)
}

/** A redacted deep copy: secret keys removed, strings scrubbed. */
export function redactValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return redactString(value)
  if (value === null || typeof value !== "object") return value
  if (depth > 8 || seen.has(value)) return "[Truncated]"
  seen.add(value)
  if (value instanceof Error) {
    const copy: Record<string, unknown> = {
      name: value.name,
      message: redactString(value.message),
    }
    if (value.stack) copy.stack = redactString(value.stack)
    return copy
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1, seen))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    if (isSecretKey(k)) continue
    out[k] = redactValue(v, depth + 1, seen)
  }
  return out
}
