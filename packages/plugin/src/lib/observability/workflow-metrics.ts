import { DistributedTransactionEvent } from "@medusajs/framework/orchestration"
import { observeWorkflowEvents, type StepPayload } from "../internals/workflow-events"
import { metrics } from "./metrics"

const AUTHORIZE_STEP = "authorize-payment-session-step"

const RESULTS: Record<string, string> = {
  done: "succeeded",
  failed: "failed",
  reverted: "reverted",
}

/** Finds a payment provider id in a step's response ({ provider_id } at any shallow depth). */
function findProvider(value: unknown, depth = 0): string | undefined {
  if (!value || typeof value !== "object" || depth > 3) return undefined
  const record = value as Record<string, unknown>
  if (typeof record.provider_id === "string") return record.provider_id
  for (const v of Object.values(record)) {
    const found = findProvider(v, depth + 1)
    if (found) return found
  }
  return undefined
}

export function onWorkflowFinished(workflow: string, state: string | undefined): void {
  const result = (state && RESULTS[state]) || "other"
  const m = metrics()
  m.workflowExecutions.inc({ workflow, result })
  if (result !== "succeeded") m.workflowFailures.inc({ workflow })
}

function onStepEvent(event: string, payload: StepPayload): void {
  const action = payload.step?.definition?.action
  if (action !== AUTHORIZE_STEP) return
  if (event === DistributedTransactionEvent.STEP_SUCCESS) {
    const response = payload.transaction?.getContext?.().invoke?.[action]
    const provider = findProvider(response) ?? "unknown"
    metrics().paymentOutcomes.inc({ provider, result: "authorized" })
  } else if (event === DistributedTransactionEvent.STEP_FAILURE) {
    metrics().paymentOutcomes.inc({ provider: "unknown", result: "authorization_failed" })
  }
}

/**
 * Counts workflow outcomes and payment authorisations for every workflow run
 * in this process, whichever engine (in-memory or Redis) runs it (see
 * lib/internals/workflow-events.ts for how). Idempotent.
 */
export function installWorkflowMetrics(): boolean {
  return observeWorkflowEvents({
    onFinish: ({ transaction }) =>
      onWorkflowFinished(String(transaction?.modelId ?? "unknown"), transaction?.getState?.()),
    onStepEvent,
  })
}
