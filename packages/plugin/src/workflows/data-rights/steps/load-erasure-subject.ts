import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { isAnonymisedEmail } from "../../../lib/data-rights"

export type LoadErasureSubjectInput = { customer_id: string }

export type ErasureSubject = {
  customer_id: string
  /** The e-mail before erasure: the key to records that hold it (audit log, mails, auth). */
  email: string | null
  has_account: boolean
  /** Erased before: the workflow only completes the request (idempotence). */
  already_erased: boolean
}

type CustomerRow = {
  id: string
  email: string | null
  has_account: boolean
  metadata?: Record<string, unknown> | null
}

/** Reads who is to be erased; unknown ids fail with 404. */
export const loadErasureSubjectStep = createStep(
  "load-erasure-subject",
  async (input: LoadErasureSubjectInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph(
      {
        entity: "customer",
        fields: ["id", "email", "has_account", "metadata"],
        filters: { id: input.customer_id },
      },
      { throwIfKeyNotFound: true }
    )
    const customer = data[0] as CustomerRow
    const subject: ErasureSubject = {
      customer_id: customer.id,
      email: customer.email,
      has_account: customer.has_account,
      already_erased: !!customer.metadata?.erased_at || isAnonymisedEmail(customer.email),
    }
    return new StepResponse(subject)
  }
)
