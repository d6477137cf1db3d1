import {
  DistributedTransaction,
  DistributedTransactionEvent,
  TransactionOrchestrator,
} from "@medusajs/framework/orchestration"
import { metrics } from "./metrics"

const INSTALLED = Symbol.for("commerce-api.observability.workflow-metrics")
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

export function onWorkflowFinished(workflow: string, state: string): void {
  const result = RESULTS[state] ?? "other"
  const m = metrics()
  m.workflowExecutions.inc({ workflow, result })
  if (result !== "succeeded") m.workflowFailures.inc({ workflow })
}

function onStepEvent(event: string, payload: any): void {
  const step = payload?.step
  const action: string | undefined = step?.definition?.action
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
 * in this process, whichever engine (in-memory or Redis) runs it.
 *
 * Medusa has no process-wide workflow hook: the engine module's `subscribe`
 * needs a workflow id and only sees runs that go through the engine, and the
 * static `TransactionOrchestrator.traceTransaction` slot belongs to
 * OpenTelemetry (and skips workflows with async steps). Every orchestrator and
 * transaction is, however, an EventEmitter that emits `finish` and step
 * events, so we observe `emit` on their prototypes and then defer to the
 * original. Observation never throws into the workflow. Idempotent.
 */
export function installWorkflowMetrics(): boolean {
  const proto = TransactionOrchestrator.prototype as any
  if (proto[INSTALLED]) return false
  const orchestratorEmit = proto.emit
  proto.emit = function (this: unknown, event: string, ...args: any[]) {
    if (event === DistributedTransactionEvent.FINISH) {
      try {
        const transaction = args[0]?.transaction
        onWorkflowFinished(String(transaction?.modelId ?? "unknown"), transaction?.getState?.())
      } catch {
        // metrics must never break a workflow
      }
    }
    return orchestratorEmit.call(this, event, ...args)
  }
  proto[INSTALLED] = true

  const txProto = DistributedTransaction.prototype as any
  const transactionEmit = txProto.emit
  txProto.emit = function (this: unknown, event: string, ...args: any[]) {
    try {
      onStepEvent(event, args[0])
    } catch {
      // metrics must never break a workflow
    }
    return transactionEmit.call(this, event, ...args)
  }
  return true
}
