// Runs items of the generated Postman collection against a server, the way Postman's
// collection runner does for the subset of the `pm` API our generated scripts use:
// {{variable}} substitution, pm.collectionVariables, pm.test, pm.response.json(),
// pm.response.to.have.status(n) and pm.expect(x).to.{be.ok, eql, have.length, be.above}.

type Json = Record<string, any>

function deepEqual(a: unknown, b: unknown) {
  return JSON.stringify(a) === JSON.stringify(b)
}

function expectation(actual: any, label?: string) {
  const fail = (what: string) => {
    throw new Error(`${label ? label + ": " : ""}expected ${JSON.stringify(actual)} ${what}`)
  }
  return {
    to: {
      be: {
        get ok() {
          if (!actual) fail("to be truthy")
          return true
        },
        above(n: number) {
          if (!(actual > n)) fail(`to be above ${n}`)
        },
      },
      eql(v: unknown) {
        if (!deepEqual(actual, v)) fail(`to deeply equal ${JSON.stringify(v)}`)
      },
      have: {
        length(n: number) {
          if (actual?.length !== n) fail(`to have length ${n}`)
        },
      },
    },
  }
}

export type RunResult = { name: string; status: number; failures: string[] }

export async function runPostmanItems(
  items: Json[],
  send: (req: { method: string; url: string; headers: Json; data?: unknown }) => Promise<{
    status: number
    data: unknown
  }>,
  env: Record<string, string>
): Promise<RunResult[]> {
  const vars: Record<string, string> = {}
  const sub = (text: string) =>
    text.replace(/\{\{(\w+)\}\}/g, (_, k) => vars[k] ?? env[k] ?? `{{${k}}}`)
  const results: RunResult[] = []
  for (const it of items) {
    const r = it.request
    let url = r.url.raw as string
    for (const v of r.url.variable ?? []) url = url.replace(`:${v.key}`, v.value)
    const headers: Json = {}
    for (const h of r.header ?? []) headers[h.key] = sub(h.value)
    if (r.auth?.type === "bearer") headers.authorization = `Bearer ${sub(r.auth.bearer[0].value)}`
    const data = r.body?.raw ? JSON.parse(sub(r.body.raw)) : undefined
    const res = await send({ method: r.method, url: sub(url), headers, data })
    const failures: string[] = []
    const pm = {
      collectionVariables: {
        set: (k: string, v: string) => (vars[k] = v),
        get: (k: string) => vars[k],
      },
      environment: { get: (k: string) => env[k] },
      response: {
        json: () => res.data,
        to: {
          have: {
            status(n: number) {
              if (res.status !== n) throw new Error(`expected status ${n}, got ${res.status}`)
            },
          },
        },
      },
      test(name: string, fn: () => void) {
        try {
          fn()
        } catch (e: any) {
          failures.push(`${name}: ${e.message}`)
        }
      },
      expect: expectation,
    }
    for (const ev of it.event ?? []) {
      if (ev.listen !== "test") continue
      try {
        new Function("pm", ev.script.exec.join("\n"))(pm)
      } catch (e: any) {
        failures.push(`script: ${e.message}`)
      }
    }
    results.push({ name: it.name, status: res.status, failures })
  }
  return results
}
