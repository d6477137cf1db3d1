// The ceiling: a bare Node http server answering every request with the bytes
// the real server returned for the catalog list.
const fs = require("fs")
const http = require("http")

const body = fs.readFileSync(process.env.BARE_BODY_FILE)
const port = Number(process.env.PORT)
http
  .createServer((req, res) => {
    res.writeHead(200, {
      "content-type": "application/json; charset=utf-8",
      "content-length": body.length,
    })
    res.end(body)
  })
  .listen(port, "127.0.0.1", () => process.stdout.write(`bare server on ${port}\n`))
