import { VerifyEmailBody } from "../../api/store/customers/me/verify-email/validators"
import { body, errors, json } from "../components"
import { OpenAPIRegistry, security, z, type PathModule } from "../registry"

// Shape of verificationStatus() in src/lib/email-verification.ts.
const Verification = z
  .object({
    customer_id: z.string(),
    email: z.string().nullable().openapi({ description: "The address the last token went to." }),
    verified: z.boolean(),
    verified_at: z.string().nullable(),
  })
  .openapi("EmailVerification")
const VerificationResponse = z.object({ verification: Verification })

function register(registry: OpenAPIRegistry) {
  const tags = ["Email verification"]
  registry.registerPath({
    method: "get",
    path: "/store/customers/me/verification",
    tags,
    summary: "Whether the logged-in customer's e-mail is verified",
    security: security.customer,
    responses: { "200": json("Status", VerificationResponse), ...errors(401) },
  })
  registry.registerPath({
    method: "post",
    path: "/store/customers/me/verify-email",
    tags,
    summary: "Confirm the e-mail with the token from the verification mail",
    security: security.customer,
    request: { body: body(registry.register("VerifyEmailBody", VerifyEmailBody)) },
    responses: {
      "200": json("Verified", VerificationResponse),
      ...errors(400, 401, 429),
    },
  })
  registry.registerPath({
    method: "post",
    path: "/store/customers/me/verify-email/resend",
    tags,
    summary: "Mail a new verification token (the previous one stops working)",
    security: security.customer,
    responses: {
      "202": json("Mail queued", z.object({ sent: z.literal(true) })),
      ...errors(400, 401, 429),
    },
  })
  registry.registerPath({
    method: "get",
    path: "/admin/customers/{id}/verification",
    tags,
    summary: "Verification status of a customer",
    security: security.admin,
    request: { params: z.object({ id: z.string() }) },
    responses: { "200": json("Status", VerificationResponse), ...errors(401, 403, 404) },
  })
}

export const emailVerificationPaths: PathModule = {
  tag: "Email verification",
  description:
    "Customers confirm their e-mail address with a mailed token; checkout can require it (REQUIRE_VERIFIED_EMAIL_FOR_CHECKOUT).",
  register,
}
