// The test-only routes (/ops-test/*) are a local Medusa plugin under integration-tests/test-routes.
// Medusa reads a plugin's sources from <plugin>/.medusa/server/src, which is build output and
// never committed: npm test links it to the plugin's committed src/ before jest starts.
const fs = require("fs")
const path = require("path")

const pluginDir = path.resolve(__dirname, "..", "..", "integration-tests", "test-routes")

function linkTestRoutesPlugin() {
  const link = path.join(pluginDir, ".medusa", "server", "src")
  fs.mkdirSync(path.dirname(link), { recursive: true })
  if (fs.existsSync(link)) return link
  fs.rmSync(link, { force: true }) // a dangling link
  fs.symlinkSync(path.join("..", "..", "src"), link, "dir")
  return link
}

module.exports = { linkTestRoutesPlugin, testRoutesPluginDir: pluginDir }
