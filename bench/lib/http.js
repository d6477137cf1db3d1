// A small keep-alive HTTP/1.1 client for the virtual-user driver: fetch would
// spend more of the shared CPU than the server we measure.
const http = require("http")

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity })

function request(base, method, path, { headers = {}, body } = {}) {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body))
  const started = process.hrtime.bigint()
  return new Promise((resolve) => {
    const req = http.request(
      base + path,
      {
        method,
        agent,
        headers: {
          ...headers,
          ...(payload
            ? { "content-type": "application/json", "content-length": payload.length }
            : {}),
        },
      },
      (res) => {
        const chunks = []
        res.on("data", (c) => chunks.push(c))
        res.on("end", () => {
          const ms = Number(process.hrtime.bigint() - started) / 1e6
          let json
          try {
            json = JSON.parse(Buffer.concat(chunks).toString("utf8"))
          } catch {
            json = undefined
          }
          resolve({ status: res.statusCode, headers: res.headers, json, ms })
        })
      }
    )
    req.setTimeout(30000, () => req.destroy(new Error("timeout")))
    req.on("error", (err) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      resolve({ status: 0, error: err.message, ms })
    })
    if (payload) req.write(payload)
    req.end()
  })
}

module.exports = { request }
