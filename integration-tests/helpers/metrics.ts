// Prometheus text from /metrics, read by the specs that count what the server did.

export type Sample = { name: string; labels: Record<string, string>; value: number }

export function parseMetrics(text: string): Sample[] {
  return text
    .split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => {
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)$/.exec(l)
      if (!m) return undefined
      const labels: Record<string, string> = {}
      for (const part of (m[3] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
        labels[part[1]] = part[2]
      return { name: m[1], labels, value: Number(m[4]) }
    })
    .filter(Boolean) as Sample[]
}

/** Succeeded runs of one workflow (by its name), from the workflow-metrics counter. */
export function succeededRuns(text: string, workflow: string): number {
  return parseMetrics(text)
    .filter(
      (s) =>
        s.name === "commerce_workflow_executions_total" &&
        s.labels.workflow === workflow &&
        s.labels.result === "succeeded"
    )
    .reduce((n, s) => n + s.value, 0)
}
