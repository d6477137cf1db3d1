/**
 * Erasure removes personal data through methods Medusa's services have at runtime but not in
 * their public interfaces (../erasure-records.ts). These fail when Medusa's classes stop
 * having them: the notification and payment modules, and both workflow engines.
 */
import NotificationModule from "@medusajs/medusa/notification"
import PaymentModule from "@medusajs/medusa/payment"
import WorkflowEngineInMemory from "@medusajs/medusa/workflow-engine-inmemory"
import WorkflowEngineRedis from "@medusajs/medusa/workflow-engine-redis"
import {
  canDeleteNotifications,
  canDeleteWorkflowExecutions,
  canUpdatePaymentSessions,
} from "../erasure-records"

const instance = (service: { prototype: object }) => Object.create(service.prototype) as never

describe("Medusa internals used by erasure", () => {
  it("the notification service has deleteNotifications", () => {
    expect(canDeleteNotifications(instance(NotificationModule.service))).toBe(true)
  })

  it("the payment service has updatePaymentSessions (the column write, not the provider call)", () => {
    expect(canUpdatePaymentSessions(instance(PaymentModule.service))).toBe(true)
  })

  it("both workflow engines have deleteWorkflowExecutions", () => {
    expect(canDeleteWorkflowExecutions(instance(WorkflowEngineInMemory.service))).toBe(true)
    expect(canDeleteWorkflowExecutions(instance(WorkflowEngineRedis.service))).toBe(true)
  })

  it("a service without them is refused", () => {
    expect(canDeleteNotifications({ listNotifications: async () => [] } as never)).toBe(false)
  })
})
