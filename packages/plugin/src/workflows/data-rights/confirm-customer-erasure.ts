import {
  createWorkflow,
  transform,
  when,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { isDue } from "../../lib/data-rights"
import { eraseCustomerWorkflow } from "./erase-customer"
import { confirmErasureStep } from "./steps/schedule-erasure"

export type ConfirmCustomerErasureInput = { customer_id: string; token: string }

/**
 * The customer confirms with the mailed token: the erasure is scheduled after the grace
 * period (the data-rights-erasure job runs it), or runs now when the period is 0.
 */
export const confirmCustomerErasureWorkflow = createWorkflow(
  "confirm-customer-erasure",
  (input: ConfirmCustomerErasureInput) => {
    const request = confirmErasureStep(input)
    const erased = when({ request }, ({ request }) => isDue(request)).then(() =>
      eraseCustomerWorkflow.runAsStep({
        input: transform({ request }, ({ request }) => ({
          customer_id: request.customer_id,
          request_id: request.id,
          requested_by: "customer" as const,
          actor_id: request.customer_id,
        })),
      })
    )
    return new WorkflowResponse(
      transform({ request, erased }, ({ request, erased }) => ({
        request: erased?.request ?? request,
        erased: !!erased,
      }))
    )
  }
)
