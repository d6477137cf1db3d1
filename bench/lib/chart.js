// A hand-written SVG bar chart: requests/s per scenario and configuration.
const COLORS = {
  ours: "#2563eb",
  "ours-cluster": "#7c3aed",
  plain: "#9ca3af",
  "medusa-cache": "#f59e0b",
  bare: "#10b981",
}
const LABELS = {
  ours: "this server",
  "ours-cluster": "this server, cluster",
  plain: "plain Medusa",
  "medusa-cache": "Medusa caching module",
  bare: "bare Node",
}

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)

/** groups: [{ label, values: { configId: number|null } }] on a log scale. */
function barChart({ title, groups, unit = "req/s" }) {
  const configs = Object.keys(LABELS).filter((c) => groups.some((g) => g.values[c] != null))
  const width = 960
  const rowH = 18
  const groupH = configs.length * rowH + 18
  const left = 200
  const plotW = width - left - 150
  const height = 70 + groups.length * groupH + 30
  const max = Math.max(...groups.flatMap((g) => Object.values(g.values).filter((v) => v > 0)), 10)
  const logMax = Math.log10(max * 1.2)
  const x = (v) => (v > 1 ? (Math.log10(v) / logMax) * plotW : 2)
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`,
  ]
  configs.forEach((c, i) => {
    // Legend entries share the row from the left edge, so five still fit in 960 px.
    const lx = 20 + i * Math.floor((width - 40) / configs.length)
    out.push(`<rect x="${lx}" y="34" width="12" height="12" fill="${COLORS[c]}"/>`)
    out.push(`<text x="${lx + 16}" y="44">${esc(LABELS[c])}</text>`)
  })
  for (const tick of [10, 100, 1000, 10000, 100000].filter((t) => t <= max * 1.2)) {
    const tx = left + x(tick)
    out.push(`<line x1="${tx}" y1="58" x2="${tx}" y2="${height - 24}" stroke="#eee"/>`)
    out.push(
      `<text x="${tx}" y="${height - 10}" text-anchor="middle" fill="#666">${tick} ${unit}</text>`
    )
  }
  groups.forEach((g, gi) => {
    const gy = 64 + gi * groupH
    out.push(
      `<text x="${left - 10}" y="${gy + (configs.length * rowH) / 2 + 4}" text-anchor="end" font-weight="bold">${esc(g.label)}</text>`
    )
    configs.forEach((c, ci) => {
      const v = g.values[c]
      if (v == null) return
      const y = gy + ci * rowH
      out.push(
        `<rect x="${left}" y="${y}" width="${x(v).toFixed(1)}" height="${rowH - 4}" fill="${COLORS[c]}"/>`
      )
      out.push(
        `<text x="${left + x(v) + 6}" y="${y + rowH - 7}">${Math.round(v).toLocaleString("en")}</text>`
      )
    })
  })
  out.push(`</svg>`)
  return out.join("\n") + "\n"
}

module.exports = { barChart, LABELS }
