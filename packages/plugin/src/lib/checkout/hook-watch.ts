/**
 * Records which hooks of Medusa's core workflows have a handler registered, so a lean
 * handler can hand the request to the core route whenever the app (or another plugin)
 * hooked into a step the lean path skips or feeds a different input. Medusa keeps no
 * public record of registered hooks, so each workflow's `hooks.<name>` registrar is
 * wrapped once; a registration made through it afterwards is seen here.
 */
type HookRegistrar = (...args: never[]) => unknown
type HookedWorkflow = { getName: () => string; hooks: object }

const WATCHED = Symbol.for("commerce-api.lean-checkout.hook-watch")
const registered = new Set<string>()

export function watchHooks(workflows: readonly HookedWorkflow[]): void {
  for (const workflow of workflows) {
    const hooks = workflow.hooks as Record<string, HookRegistrar> & { [WATCHED]?: true }
    if (hooks[WATCHED]) continue
    for (const name of Object.keys(hooks)) {
      const original = hooks[name]
      hooks[name] = ((...args: never[]) => {
        const result = original(...args)
        registered.add(`${workflow.getName()}:${name}`)
        return result
      }) as HookRegistrar
    }
    Object.defineProperty(hooks, WATCHED, { value: true })
  }
}

/** True when any hook of these workflows got a handler after `watchHooks` ran. */
export function anyHookRegistered(workflows: readonly HookedWorkflow[]): boolean {
  if (registered.size === 0) return false
  const names = new Set(workflows.map((w) => w.getName()))
  for (const key of registered) if (names.has(key.slice(0, key.lastIndexOf(":")))) return true
  return false
}
