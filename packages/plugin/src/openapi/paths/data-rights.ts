import {
  AdminErasureBody,
  DataExportBody,
  ErasureConfirmBody,
} from "../../api/store/customers/me/data-export/validators"
import { CustomerDataExport } from "../../lib/data-export-schema"
import { body, errors, json } from "../components"
import { OpenAPIRegistry, security, z, type PathModule } from "../registry"

// Shape of presentErasureRequest() in src/api/store/customers/me/erasure/presenters.ts.
const ErasureRequest = z
  .object({
    id: z.string(),
    status: z.enum(["awaiting_confirmation", "scheduled", "completed", "cancelled"]),
    requested_by: z.string(),
    execute_after: z.string().nullable(),
    completed_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("ErasureRequest")

function register(registry: OpenAPIRegistry) {
  const tags = ["Data rights"]
  const exportDoc = registry.register("CustomerDataExport", CustomerDataExport)
  const download = (description: string) => ({
    ...json(description, exportDoc),
    headers: {
      "Content-Disposition": {
        description: 'attachment; filename="customer-data-<id>.json"',
        schema: { type: "string" as const },
      },
    },
  })
  const params = { params: z.object({ id: z.string() }) }
  const afterErasure = z.object({ erasure_request: ErasureRequest, erased: z.boolean() })

  registry.registerPath({
    method: "post",
    path: "/store/customers/me/data-export",
    tags,
    summary: "Download everything the shop holds about the logged-in customer",
    description:
      "Re-authentication: the password in the body, or a bearer token from a login under 5 minutes old. Rate-limited per customer (DATA_EXPORT_MAX_PER_HOUR).",
    security: security.customer,
    request: { body: body(registry.register("DataExportBody", DataExportBody)) },
    responses: {
      "200": download("The export (JSON Schema: docs/data-rights/customer-export.schema.json)"),
      ...errors(400, 401, 429),
    },
  })
  registry.registerPath({
    method: "get",
    path: "/store/customers/me/erasure",
    tags,
    summary: "The customer's open erasure request",
    security: security.customer,
    responses: {
      "200": json("Open request or null", z.object({ erasure_request: ErasureRequest.nullable() })),
      ...errors(401),
    },
  })
  registry.registerPath({
    method: "post",
    path: "/store/customers/me/erasure",
    tags,
    summary: "Ask for erasure: a confirmation token is mailed to the customer",
    security: security.customer,
    responses: {
      "202": json(
        "Mail queued",
        z.object({ status: z.literal("awaiting_confirmation"), sent: z.literal(true) })
      ),
      ...errors(400, 401, 429),
    },
  })
  registry.registerPath({
    method: "delete",
    path: "/store/customers/me/erasure",
    tags,
    summary: "Withdraw the open erasure request (during the grace period)",
    security: security.customer,
    responses: {
      "200": json("Cancelled", z.object({ erasure_request: ErasureRequest })),
      ...errors(401, 404),
    },
  })
  registry.registerPath({
    method: "post",
    path: "/store/customers/me/erasure/confirm",
    tags,
    summary: "Confirm the erasure with the mailed token",
    description:
      "Schedules the erasure after the grace period (`dataRights.gracePeriodHours`), or erases at once when it is 0.",
    security: security.customer,
    request: { body: body(registry.register("ErasureConfirmBody", ErasureConfirmBody)) },
    responses: { "200": json("Scheduled or erased", afterErasure), ...errors(400, 401) },
  })
  registry.registerPath({
    method: "post",
    path: "/admin/customers/{id}/data-export",
    tags,
    summary: "Download everything the shop holds about a customer",
    security: security.admin,
    request: params,
    responses: { "200": download("The export"), ...errors(401, 403, 404) },
  })
  registry.registerPath({
    method: "post",
    path: "/admin/customers/{id}/erasure",
    tags,
    summary: "Erase a customer after the grace period, or at once",
    security: security.admin,
    request: { ...params, body: body(registry.register("AdminErasureBody", AdminErasureBody)) },
    responses: {
      "200": json("Erased", afterErasure),
      "202": json("Scheduled", afterErasure),
      ...errors(400, 401, 403, 404),
    },
  })
}

export const dataRightsPaths: PathModule = {
  tag: "Data rights",
  description:
    "GDPR access (export) and erasure (anonymisation) for customers and admins; see docs/data-rights.md.",
  register,
}
