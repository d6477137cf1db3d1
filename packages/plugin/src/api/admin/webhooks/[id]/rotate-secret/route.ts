import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { publicEndpoint } from "../../../../../lib/webhooks/public"
import { rotateWebhookSecretWorkflow } from "../../../../../workflows/webhooks/rotate-webhook-secret"
import type { AdminRotateWebhookSecretType } from "../../validators"

/** A new secret, shown once; the old one keeps signing until `secret_rotation_expires_at`. */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminRotateWebhookSecretType>,
  res: MedusaResponse
) => {
  const { result } = await rotateWebhookSecretWorkflow(req.scope).run({
    input: { id: req.params.id, window_hours: req.validatedBody.window_hours },
  })
  res.json({ webhook: publicEndpoint(result.endpoint), secret: result.secret })
}
