import {
  type MiddlewareRoute,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import {
  AdminCreateWebhook,
  AdminEmptyBody,
  AdminListWebhookDeliveriesParams,
  AdminListWebhooksParams,
  AdminRotateWebhookSecret,
  AdminUpdateWebhook,
} from "../admin/webhooks/validators"

const list = { defaults: ["id"], isList: true }

// Admin authentication comes with /admin/*; the RBAC permission is webhook:manage.
// "send-test", not "test": medusa build leaves out every path with a "test" segment.
export const webhooksMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/admin/webhooks",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(AdminListWebhooksParams, list)],
  },
  {
    matcher: "/admin/webhooks",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminCreateWebhook)],
  },
  {
    matcher: "/admin/webhooks/:id",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminUpdateWebhook)],
  },
  {
    matcher: "/admin/webhooks/:id/rotate-secret",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminRotateWebhookSecret)],
  },
  {
    matcher: "/admin/webhooks/:id/send-test",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminEmptyBody)],
  },
  {
    matcher: "/admin/webhooks/deliveries/:id/redeliver",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminEmptyBody)],
  },
  {
    matcher: "/admin/webhooks/:id/deliveries",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(AdminListWebhookDeliveriesParams, list)],
  },
]
