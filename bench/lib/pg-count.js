// Preloaded into a bench server (`node --require`) by bench/queries.js: appends one JSON
// line per Postgres query the process sends (start in µs of the monotonic clock, duration
// in µs, the first 600 characters of the text) to PG_COUNT_FILE. The writes are
// synchronous, so a server under this preload is for counting queries, not for timing.
const fs = require("fs")

const file = process.env.PG_COUNT_FILE
let pg = null
try {
  pg = require(require.resolve("pg", { paths: [process.cwd()] }))
} catch {
  pg = null
}

if (pg && file) {
  const fd = fs.openSync(file, "a")
  const original = pg.Client.prototype.query
  pg.Client.prototype.query = function (config, ...rest) {
    const text = typeof config === "string" ? config : config && config.text
    const start = process.hrtime.bigint()
    const done = () => {
      const line = {
        t: Number(start / 1000n),
        d: Number((process.hrtime.bigint() - start) / 1000n),
        q: String(text).slice(0, 600),
      }
      fs.writeSync(fd, JSON.stringify(line) + "\n")
    }
    const last = rest[rest.length - 1]
    if (typeof last === "function") {
      rest[rest.length - 1] = function (...args) {
        done()
        return last.apply(this, args)
      }
      return original.call(this, config, ...rest)
    }
    if (config && typeof config.submit === "function" && typeof config.callback === "function") {
      const callback = config.callback
      config.callback = function (...args) {
        done()
        return callback.apply(this, args)
      }
      return original.call(this, config, ...rest)
    }
    const result = original.call(this, config, ...rest)
    if (result && typeof result.then === "function") result.then(done, done)
    return result
  }
}
