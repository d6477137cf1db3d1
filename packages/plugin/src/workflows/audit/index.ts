// The audit step, for plugins that record their own entries inside a workflow
// (docs/extending.md). It never fails the workflow: an entry that cannot be written is logged.
export { recordAuditStep } from "../email-verification/steps/record-audit"
export type { AuditEntry } from "../../modules/audit/service"
