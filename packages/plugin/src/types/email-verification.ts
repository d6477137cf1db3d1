import type { InferTypeOf } from "@medusajs/framework/types"
import type { EmailVerification } from "../modules/email-verification/models/email-verification"
import type { sendEmailVerificationWorkflow } from "../workflows/email-verification/send-email-verification"
import type { verifyCustomerEmailWorkflow } from "../workflows/email-verification/verify-customer-email"
import type { HookInput, WorkflowOutput } from "./workflows"

// token_hash is a SHA-256 of the token; the raw token is never stored.
export type EmailVerificationDTO = InferTypeOf<typeof EmailVerification>

export type { SendEmailVerificationInput } from "../workflows/email-verification/send-email-verification"
export type SendEmailVerificationOutput = WorkflowOutput<typeof sendEmailVerificationWorkflow>

export type { VerifyCustomerEmailInput } from "../workflows/email-verification/verify-customer-email"
export type VerifyCustomerEmailOutput = WorkflowOutput<typeof verifyCustomerEmailWorkflow>
export type EmailVerifiedHookInput = HookInput<typeof verifyCustomerEmailWorkflow, "emailVerified">
