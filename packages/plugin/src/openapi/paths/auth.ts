import { ResetPasswordRequest } from "@medusajs/medusa/api/auth/validators"
import { body, errors, json } from "../components"
import { OpenAPIRegistry, security, SECURITY, z, type PathModule } from "../registry"

const EmailPass = z
  .object({
    email: z.string().email().openapi({ example: "ada@example.com" }),
    password: z.string().min(1).openapi({ example: "Correct-Horse-Battery-9" }),
  })
  .openapi("EmailPassCredentials")

const Token = z
  .object({ token: z.string().openapi({ description: "JWT for `Authorization: Bearer`" }) })
  .openapi("AuthToken")

const bearer = [{ [SECURITY.bearer]: [] }]

function register(registry: OpenAPIRegistry) {
  registry.registerPath({
    method: "post",
    path: "/auth/customer/emailpass/register",
    tags: ["Auth"],
    summary: "Register customer credentials",
    description:
      "Creates an auth identity and returns a registration token. Use it as bearer token for " +
      "POST /store/customers to create the customer profile, then log in.",
    security: security.none,
    request: { body: body(EmailPass) },
    responses: { "200": json("Registration token", Token), ...errors(400, 401, 429) },
  })
  registry.registerPath({
    method: "post",
    path: "/auth/customer/emailpass",
    tags: ["Auth"],
    summary: "Log in a customer",
    security: security.none,
    request: { body: body(EmailPass) },
    responses: {
      "200": json(
        "Token (or, for redirect-based providers, a location to send the user to)",
        z.union([Token, z.object({ location: z.string() })])
      ),
      ...errors(400, 401, 429),
    },
  })
  registry.registerPath({
    method: "post",
    path: "/auth/session",
    tags: ["Auth"],
    summary: "Exchange a bearer token for a session cookie",
    description: "Sets the `connect.sid` cookie; later requests can authenticate with it.",
    security: bearer,
    responses: {
      "200": json(
        "Session created (Set-Cookie: connect.sid)",
        z.object({ user: z.record(z.string(), z.unknown()) })
      ),
      ...errors(401),
    },
  })
  registry.registerPath({
    method: "delete",
    path: "/auth/session",
    tags: ["Auth"],
    summary: "Log out (destroy the session)",
    security: [{ [SECURITY.session]: [] }],
    responses: {
      "200": json("Logged out, cookie cleared", z.object({ success: z.literal(true) })),
      ...errors(401),
    },
  })
  registry.registerPath({
    method: "post",
    path: "/auth/token/refresh",
    tags: ["Auth"],
    summary: "Refresh a bearer token",
    security: bearer,
    responses: { "200": json("New token", Token), ...errors(401) },
  })
  registry.registerPath({
    method: "post",
    path: "/auth/customer/emailpass/reset-password",
    tags: ["Auth"],
    summary: "Request a password reset",
    description:
      "Always answers 201 so the endpoint does not reveal which emails exist; a reset token " +
      "is emitted with the `auth.password_reset` event (sent by the notification module).",
    security: security.none,
    request: { body: body(ResetPasswordRequest) },
    responses: { "201": { description: "Accepted (no body)" }, ...errors(400, 429) },
  })
  registry.registerPath({
    method: "post",
    path: "/auth/customer/emailpass/update",
    tags: ["Auth"],
    summary: "Set a new password with a reset token",
    description: "Authenticate with the reset token as bearer token.",
    security: bearer,
    request: { body: body(z.object({ password: z.string().min(1) })) },
    responses: {
      "200": json("Password changed", z.object({ success: z.literal(true) })),
      ...errors(400, 401, 429),
    },
  })
}

export const authPaths: PathModule = {
  tag: "Auth",
  description:
    "Customer registration, login (bearer JWT or session cookie), logout, password reset.",
  register,
}
