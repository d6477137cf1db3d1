import {
  createWorkflow,
  transform,
  when,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { useQueryGraphStep } from "@medusajs/medusa/core-flows"
import { isDue } from "../../lib/data-rights"
import { eraseCustomerWorkflow } from "./erase-customer"
import {
  scheduleErasureByAdminStep,
  type ScheduleErasureByAdminInput,
} from "./steps/schedule-erasure"

export type ScheduleCustomerErasureInput = ScheduleErasureByAdminInput

/** An admin erases a customer: after the grace period, or at once with `immediate`. */
export const scheduleCustomerErasureWorkflow = createWorkflow(
  "schedule-customer-erasure",
  (input: ScheduleCustomerErasureInput) => {
    // Unknown customers answer 404 before anything is recorded.
    useQueryGraphStep({
      entity: "customer",
      fields: ["id"],
      filters: { id: input.customer_id },
      options: { throwIfKeyNotFound: true },
    }).config({ name: "erasure-admin-customer" })
    const request = scheduleErasureByAdminStep(input)
    const erased = when({ request }, ({ request }) => isDue(request)).then(() =>
      eraseCustomerWorkflow.runAsStep({
        input: transform({ request, input }, ({ request, input }) => ({
          customer_id: request.customer_id,
          request_id: request.id,
          requested_by: "admin" as const,
          actor_id: input.actor_id,
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
