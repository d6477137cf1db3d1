import fs from "fs"

/**
 * The test-only hook handlers (../workflows/hooks) do something only while a suite sets
 * TEST_WORKFLOW_HOOKS_LOG, read per call like ENABLE_TEST_ROUTES: Medusa registers the
 * handlers once at boot, for every suite, and a handler must not change what other suites
 * see. What they receive is appended to that file (one JSON object a line), the side effect
 * the HTTP tests read back (integration-tests/helpers/workflow-hooks.ts).
 */
export function hooksEnabled(): boolean {
  return !!process.env.TEST_WORKFLOW_HOOKS_LOG
}

export function recordHook(hook: string, payload: unknown): void {
  const file = process.env.TEST_WORKFLOW_HOOKS_LOG
  if (!file) return
  fs.appendFileSync(file, JSON.stringify({ hook, payload }) + "\n")
}
