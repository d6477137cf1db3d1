import { ErrorSchema, json } from "../components"
import { OpenAPIRegistry, SECURITY, security, z, type PathModule } from "../registry"

const Check = z.object({
  status: z.enum(["ok", "fail", "skipped"]),
  error: z.string().optional(),
  pending: z.number().int().optional(),
})
const Readiness = z
  .object({
    status: z.enum(["ok", "degraded", "unavailable", "shutting_down"]),
    checks: z.record(z.string(), Check),
    failing: z.array(z.string()).optional(),
  })
  .openapi("Readiness")

function register(registry: OpenAPIRegistry) {
  const tags = ["Operations"]
  registry.registerPath({
    method: "get",
    path: "/ready",
    tags,
    summary: "Readiness: database, migrations and Redis (when configured)",
    description:
      "503 names the failing dependencies; Redis alone failing is `degraded`. Liveness is Medusa's `GET /health` (text `OK`).",
    security: security.none,
    responses: {
      "200": json("Ready", Readiness),
      "503": json("Not ready", Readiness),
    },
  })
  registry.registerPath({
    method: "get",
    path: "/metrics",
    tags,
    summary: "Prometheus metrics",
    description:
      "With METRICS_TOKEN set it needs `Authorization: Bearer <METRICS_TOKEN>`; without it, metrics are open outside production and disabled (404) in production.",
    security: [{ [SECURITY.bearer]: [] }, {}],
    responses: {
      "200": {
        description: "Prometheus text exposition format",
        content: { "text/plain": { schema: z.string() } },
      },
      "401": json("Missing or wrong metrics token", ErrorSchema),
      "404": json("Metrics disabled", ErrorSchema),
    },
  })
}

export const operationsPaths: PathModule = {
  tag: "Operations",
  description: "Readiness probe and Prometheus metrics for operators.",
  register,
}
