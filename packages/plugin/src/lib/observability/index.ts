export * from "./metrics"
export { routeLabel, statusClass, methodLabel, UNMATCHED_ROUTE } from "./route-label"
export {
  requestContext,
  resolveRequestId,
  currentRequestId,
  REQUEST_ID_HEADER,
} from "./request-context"
export { redactString, redactValue } from "./redact"
export { installLogFormat } from "./logging"
export { installWorkflowMetrics } from "./workflow-metrics"
export { checkReadiness } from "./readiness"
export { isShuttingDown, installShutdownGuard } from "./shutdown"
