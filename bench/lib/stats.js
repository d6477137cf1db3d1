function percentile(sorted, p) {
  if (!sorted.length) return null
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]
}

/** rps, latency percentiles (ms) and error count of a list of samples. */
function summarise(latencies, { errors = 0, seconds, requests } = {}) {
  const sorted = Float64Array.from(latencies).sort()
  const round = (v) => (v === null ? null : Math.round(v * 100) / 100)
  const count = requests ?? sorted.length
  return {
    requests: count,
    rps: seconds ? Math.round((count / seconds) * 10) / 10 : null,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    errors,
  }
}

module.exports = { percentile, summarise }
