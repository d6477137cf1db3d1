/* eslint-disable @typescript-eslint/no-explicit-any -- type-level only: `any` in these
   conditional types matches every workflow and hook signature; no value is ever typed any. */
import type { ReturnWorkflow } from "@medusajs/framework/workflows-sdk"

type AnyWorkflow = ReturnWorkflow<any, any, any>

/** What a workflow of ours takes: `WorkflowInput<typeof upsertReviewWorkflow>`. */
export type WorkflowInput<W extends AnyWorkflow> =
  W extends ReturnWorkflow<infer I, any, any> ? I : never

/** What a workflow's `run()` returns as `result`. */
export type WorkflowOutput<W extends AnyWorkflow> =
  W extends ReturnWorkflow<any, infer O, any> ? O : never

/** The names of the hooks a workflow exposes. */
export type HookName<W extends AnyWorkflow> = keyof W["hooks"] & string

/**
 * What a hook handler receives: `HookInput<typeof upsertReviewWorkflow, "validate">`.
 * Handlers passed to `workflow.hooks.<name>(...)` are typed already; this names the type
 * for handlers written apart from the registration.
 */
export type HookInput<W extends AnyWorkflow, H extends HookName<W>> = W["hooks"][H] extends (
  invoke: (input: infer I, ...rest: any[]) => any,
  ...rest: any[]
) => void
  ? I
  : never
