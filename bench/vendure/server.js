// Starts the bench's Vendure server and processes its job queue in the same
// process (Vendure's documented "jobs on the main process" set-up).
const { bootstrap, JobQueueService } = require("@vendure/core")
const { vendureConfig } = require("./vendure-config")

bootstrap(vendureConfig())
  .then((app) => app.get(JobQueueService).start())
  .catch((err) => {
    process.stderr.write(`${err.stack || err}\n`)
    process.exit(1)
  })
