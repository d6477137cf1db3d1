import fs from "fs"
import os from "os"
import path from "path"

// Where npm test links the plugin's sources (scripts/lib/test-routes.js).
const pluginSources = path.resolve(__dirname, "..", "test-routes", ".medusa", "server", "src")

export type HookCall = { hook: string; payload: any }

/**
 * Switches the test-only hook handlers (integration-tests/test-routes/src/workflows/hooks)
 * on for one describe block and reads back what they received. The suite runs Medusa in
 * its own process (inApp), so setting the variable here reaches the handlers.
 */
export function workflowHookLog() {
  const file = path.join(
    os.tmpdir(),
    `workflow-hooks-${process.pid}-${Math.random().toString(36).slice(2)}.jsonl`
  )
  return {
    enable() {
      if (!fs.existsSync(pluginSources)) {
        throw new Error("The test-routes plugin is not linked: run the suite through npm test")
      }
      fs.writeFileSync(file, "")
      process.env.TEST_WORKFLOW_HOOKS_LOG = file
    },
    disable() {
      delete process.env.TEST_WORKFLOW_HOOKS_LOG
      fs.rmSync(file, { force: true })
    },
    calls(hook?: string): HookCall[] {
      const lines = fs.readFileSync(file, "utf8").split("\n").filter(Boolean)
      const all = lines.map((l) => JSON.parse(l) as HookCall)
      return hook ? all.filter((c) => c.hook === hook) : all
    },
    clear() {
      fs.writeFileSync(file, "")
    },
  }
}
