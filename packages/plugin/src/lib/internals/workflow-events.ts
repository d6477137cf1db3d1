import {
  DistributedTransaction,
  DistributedTransactionEvent,
  type DistributedTransactionType,
  TransactionOrchestrator,
  type TransactionStep,
} from "@medusajs/framework/orchestration"

/**
 * Medusa 2.21.2 has no process-wide workflow hook: the engine module's `subscribe` needs
 * a workflow id and only sees runs that go through the engine, and the static
 * `TransactionOrchestrator.traceTransaction` slot belongs to OpenTelemetry (and skips
 * workflows with async steps). Every orchestrator and transaction is an EventEmitter that
 * emits the `DistributedTransactionEvent`s, so we observe `emit` on the two prototypes
 * and then defer to the original. That patch lives only in this file;
 * __tests__/workflow-events.unit.spec.ts runs a real workflow and fails when the events
 * or their payloads change.
 */

/** What an orchestrator emits with FINISH (`onFinish` in DistributedTransactionEvents). */
export type FinishPayload = { transaction?: DistributedTransactionType }
/** What a transaction emits with its step events (`onStepSuccess`, …). */
export type StepPayload = { step?: TransactionStep; transaction?: DistributedTransactionType }

export type WorkflowObserver = {
  onFinish: (payload: FinishPayload) => void
  onStepEvent: (event: string, payload: StepPayload) => void
}

const INSTALLED = Symbol.for("commerce-api.observability.workflow-metrics")

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean
// Both classes are EventEmitters; the marker survives a second copy of this module.
type Patchable = { emit: Emit; [INSTALLED]?: true }

const payloadOf = (args: unknown[]) =>
  args[0] && typeof args[0] === "object" ? (args[0] as FinishPayload & StepPayload) : {}

/**
 * Calls the observer for every workflow run in this process, whichever engine (in-memory
 * or Redis) runs it. Observation never throws into the workflow. Idempotent: false when
 * already installed.
 */
export function observeWorkflowEvents(observer: WorkflowObserver): boolean {
  const proto: Patchable = TransactionOrchestrator.prototype
  if (proto[INSTALLED]) return false
  const orchestratorEmit = proto.emit
  proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
    if (event === DistributedTransactionEvent.FINISH) {
      try {
        observer.onFinish(payloadOf(args))
      } catch {
        // observation must never break a workflow
      }
    }
    return orchestratorEmit.call(this, event, ...args)
  }
  proto[INSTALLED] = true

  const txProto: Patchable = DistributedTransaction.prototype
  const transactionEmit = txProto.emit
  txProto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
    try {
      if (typeof event === "string") observer.onStepEvent(event, payloadOf(args))
    } catch {
      // observation must never break a workflow
    }
    return transactionEmit.call(this, event, ...args)
  }
  return true
}
