import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import type { CreateCustomerAddressDTO, CustomerAddressDTO } from "@medusajs/framework/types"
import { anonymisedEmail } from "../../../lib/data-rights"

export type AnonymiseCustomerInput = { customer_id: string }

type Before = {
  id: string
  email: string | null
  first_name: string | null
  last_name: string | null
  phone: string | null
  company_name: string | null
  metadata: Record<string, unknown> | null
  addresses: CustomerAddressDTO[]
}

const restoredAddress = (a: CustomerAddressDTO): CreateCustomerAddressDTO => ({
  customer_id: a.customer_id,
  address_name: a.address_name,
  is_default_shipping: a.is_default_shipping,
  is_default_billing: a.is_default_billing,
  company: a.company,
  first_name: a.first_name,
  last_name: a.last_name,
  address_1: a.address_1,
  address_2: a.address_2,
  city: a.city,
  country_code: a.country_code,
  province: a.province,
  postal_code: a.postal_code,
  phone: a.phone,
  metadata: a.metadata,
})

/**
 * Clears the customer's names, phone, company and metadata, replaces the e-mail with one
 * derived from the id (so the old address can register again) and deletes their saved
 * addresses. The customer row stays: orders keep pointing at it.
 */
export const anonymiseCustomerStep = createStep(
  "anonymise-customer",
  async (input: AnonymiseCustomerInput, { container }) => {
    const customers = container.resolve(Modules.CUSTOMER)
    const c = await customers.retrieveCustomer(input.customer_id, { relations: ["addresses"] })
    const before: Before = {
      id: c.id,
      email: c.email,
      first_name: c.first_name ?? null,
      last_name: c.last_name ?? null,
      phone: c.phone ?? null,
      company_name: c.company_name ?? null,
      metadata: c.metadata ?? null,
      addresses: c.addresses ?? [],
    }
    await customers.updateCustomers(c.id, {
      email: anonymisedEmail(c.id),
      first_name: null,
      last_name: null,
      phone: null,
      company_name: null,
      metadata: { erased_at: new Date().toISOString() },
    })
    if (before.addresses.length) {
      await customers.deleteCustomerAddresses(before.addresses.map((a) => a.id))
    }
    return new StepResponse({ addresses: before.addresses.length }, before)
  },
  async (before, { container }) => {
    if (!before) return
    const customers = container.resolve(Modules.CUSTOMER)
    await customers.updateCustomers(before.id, {
      email: before.email,
      first_name: before.first_name,
      last_name: before.last_name,
      phone: before.phone,
      company_name: before.company_name,
      metadata: before.metadata,
    })
    if (before.addresses.length) {
      await customers.createCustomerAddresses(before.addresses.map(restoredAddress))
    }
  }
)
