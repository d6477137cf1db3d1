// Shared by the lean-checkout parity specs: two carts built the same way, one through the
// lean route and one through Medusa's workflow, compare equal once generated values are
// replaced and unordered arrays are sorted.

/** Ids and timestamps replaced (each id by its prefix and order of first appearance). */
export function normaliseIds(value: unknown): unknown {
  const ids = new Map<string, string>()
  const walk = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x))
    if (v && typeof v === "object") {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, x]) => [k, walk(x, k)])
      )
    }
    if (typeof v === "string") {
      if (key && /_at$/.test(key)) return "<time>"
      const m = /^([a-z]+(?:_[a-z]+)*)_[0-9A-Z]{26}$/.exec(v)
      if (m) {
        if (!ids.has(v)) ids.set(v, `<${m[1]}:${ids.size}>`)
        return ids.get(v)
      }
    }
    return v
  }
  return walk(value)
}

/** Array order of adjustments/tax lines is not part of the answer; sort by their JSON. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(canonical).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
  }
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(value as object).sort()) {
      out[k] = canonical((value as Record<string, unknown>)[k])
    }
    return out
  }
  return value
}
