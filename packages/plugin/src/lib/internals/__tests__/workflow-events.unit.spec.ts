/**
 * Workflow and payment metrics observe the events Medusa's orchestrator and transactions
 * emit, by patching `emit` on their prototypes (../workflow-events.ts). This runs real
 * workflows and fails when the events, their payloads or the prototypes change.
 */
import { DistributedTransactionEvent } from "@medusajs/framework/orchestration"
import { createMedusaContainer } from "@medusajs/framework/utils"
import {
  createStep,
  createWorkflow,
  StepResponse,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { type FinishPayload, observeWorkflowEvents, type StepPayload } from "../workflow-events"

const finished: { workflow: string; state: string | undefined }[] = []
const steps: { event: string; action?: string; output: unknown }[] = []
let throwing = false

const probeStep = createStep("internals-probe-step", async (input: { n: number }) => {
  if (input.n < 0) throw new Error("negative")
  return new StepResponse({ provider_id: "pp_probe", n: input.n })
})
const probeWorkflow = createWorkflow("internals-probe-workflow", (input: { n: number }) => {
  return new WorkflowResponse(probeStep(input))
})

beforeAll(() => {
  observeWorkflowEvents({
    onFinish: ({ transaction }: FinishPayload) => {
      if (throwing) throw new Error("observer failure")
      finished.push({ workflow: String(transaction?.modelId), state: transaction?.getState() })
    },
    onStepEvent: (event: string, { step, transaction }: StepPayload) => {
      if (throwing) throw new Error("observer failure")
      const action = step?.definition?.action
      if (!action?.startsWith("internals-probe")) return
      steps.push({ event, action, output: transaction?.getContext().invoke[action] })
    },
  })
})

beforeEach(() => {
  finished.length = 0
  steps.length = 0
  throwing = false
})

describe("workflow events", () => {
  it("reports a finished run with its workflow id and state, and its steps with their output", async () => {
    const { result } = await probeWorkflow(createMedusaContainer()).run({ input: { n: 2 } })
    expect(result).toEqual({ provider_id: "pp_probe", n: 2 })
    expect(finished).toEqual([{ workflow: "internals-probe-workflow", state: "done" }])
    const success = steps.find((s) => s.event === DistributedTransactionEvent.STEP_SUCCESS)
    expect(success?.action).toBe("internals-probe-step")
    // The step's output sits in the context under its action (the payment metric reads it).
    expect(JSON.stringify(success?.output)).toContain("pp_probe")
  })

  it("reports a failed run and its failed step", async () => {
    const { errors } = await probeWorkflow(createMedusaContainer()).run({
      input: { n: -1 },
      throwOnError: false,
    })
    expect(errors.length).toBeGreaterThan(0)
    expect(finished).toHaveLength(1)
    expect(["failed", "reverted"]).toContain(finished[0].state)
    expect(steps.map((s) => s.event)).toContain(DistributedTransactionEvent.STEP_FAILURE)
  })

  it("never lets an observer's error into the workflow, and installs once", async () => {
    throwing = true
    const { result } = await probeWorkflow(createMedusaContainer()).run({ input: { n: 3 } })
    expect(result).toEqual({ provider_id: "pp_probe", n: 3 })
    expect(observeWorkflowEvents({ onFinish: () => {}, onStepEvent: () => {} })).toBe(false)
  })
})
