/**
 * Decodes application/x-www-form-urlencoded bodies the way Stripe's API reads them:
 * `metadata[order]=1`, `expand[0]=payment_method`, `expand[]=customer`, nested to any depth.
 * Objects whose keys are all indexes become arrays.
 */
export type FormValue = string | FormValue[] | { [key: string]: FormValue }

export function parseForm(body: string): Record<string, FormValue> {
  const root: Record<string, any> = {}
  if (!body) return root
  for (const pair of body.split("&")) {
    if (!pair) continue
    const eq = pair.indexOf("=")
    const rawKey = eq === -1 ? pair : pair.slice(0, eq)
    const rawValue = eq === -1 ? "" : pair.slice(eq + 1)
    const key = decode(rawKey)
    const value = decode(rawValue)
    const path = splitKey(key)
    if (!path) continue
    let node: Record<string, any> = root
    for (let i = 0; i < path.length - 1; i++) {
      const part = path[i] === "" ? String(Object.keys(node).length) : path[i]
      if (typeof node[part] !== "object" || node[part] === null) node[part] = {}
      node = node[part]
    }
    const last = path[path.length - 1]
    node[last === "" ? String(Object.keys(node).length) : last] = value
  }
  return arrayify(root) as Record<string, FormValue>
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "))
  } catch {
    return s
  }
}

// "a[b][0]" -> ["a", "b", "0"]; "a[]" -> ["a", ""]; malformed keys are ignored.
function splitKey(key: string): string[] | null {
  const first = key.indexOf("[")
  if (first === -1) return [key]
  const parts = [key.slice(0, first)]
  const rest = key.slice(first)
  const re = /\[([^\]]*)\]/g
  let consumed = 0
  let m: RegExpExecArray | null
  while ((m = re.exec(rest))) {
    if (m.index !== consumed) return null
    parts.push(m[1])
    consumed = m.index + m[0].length
  }
  return consumed === rest.length && parts[0] ? parts : null
}

function arrayify(value: any): any {
  if (typeof value !== "object" || value === null) return value
  const keys = Object.keys(value)
  for (const k of keys) value[k] = arrayify(value[k])
  if (keys.length && keys.every((k) => /^\d+$/.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((i) => value[String(i)])
  }
  return value
}
