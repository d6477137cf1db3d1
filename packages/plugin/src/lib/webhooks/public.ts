/** The admin view of an endpoint: everything but the secrets. */
export type PublicWebhookEndpoint = {
  id: string
  url: string
  description: string | null
  events: string[]
  enabled: boolean
  headers: Record<string, string>
  consecutive_failures: number
  disabled_reason: string | null
  disabled_at: string | null
  secret_rotation_expires_at: string | null
  created_at: string
  updated_at: string
}

type Row = Record<string, unknown>
// Rows of the module's models; read field by field.
type EndpointRow = object

const iso = (value: unknown): string | null =>
  value ? new Date(value as string | Date).toISOString() : null

export function publicEndpoint(input: EndpointRow): PublicWebhookEndpoint {
  const row = input as Row
  const rotationUntil = iso(row.previous_secret_expires_at)
  return {
    id: String(row.id),
    url: String(row.url),
    description: (row.description as string | null) ?? null,
    events: (row.events as string[]) ?? [],
    enabled: Boolean(row.enabled),
    // Header values may be credentials for the receiver: names only.
    headers: Object.fromEntries(
      Object.keys((row.headers as Record<string, string> | null) ?? {}).map((name) => [name, "***"])
    ),
    consecutive_failures: Number(row.consecutive_failures ?? 0),
    disabled_reason: (row.disabled_reason as string | null) ?? null,
    disabled_at: iso(row.disabled_at),
    secret_rotation_expires_at:
      row.previous_secret && rotationUntil && Date.parse(rotationUntil) > Date.now()
        ? rotationUntil
        : null,
    created_at: iso(row.created_at) ?? "",
    updated_at: iso(row.updated_at) ?? "",
  }
}

export type PublicWebhookAttempt = {
  id: string
  attempt: number
  succeeded: boolean
  status_code: number | null
  duration_ms: number
  error: string | null
  response_body: string | null
  created_at: string
}

export type PublicWebhookDelivery = {
  id: string
  endpoint_id: string
  message_id: string
  event_type: string
  status: string
  attempts: number
  next_attempt_at: string | null
  last_status_code: number | null
  last_error: string | null
  delivered_at: string | null
  created_at: string
  attempt_log: PublicWebhookAttempt[]
}

export function publicDelivery(input: EndpointRow, list: EndpointRow[]): PublicWebhookDelivery {
  const row = input as Row
  const attempts = list as Row[]
  return {
    id: String(row.id),
    endpoint_id: String(row.endpoint_id),
    message_id: String(row.message_id),
    event_type: String(row.event_type),
    status: String(row.status),
    attempts: Number(row.attempts ?? 0),
    next_attempt_at: row.status === "pending" ? iso(row.next_attempt_at) : null,
    last_status_code: (row.last_status_code as number | null) ?? null,
    last_error: (row.last_error as string | null) ?? null,
    delivered_at: iso(row.delivered_at),
    created_at: iso(row.created_at) ?? "",
    attempt_log: attempts.map((a) => ({
      id: String(a.id),
      attempt: Number(a.attempt),
      succeeded: Boolean(a.succeeded),
      status_code: (a.status_code as number | null) ?? null,
      duration_ms: Number(a.duration_ms),
      error: (a.error as string | null) ?? null,
      response_body: (a.response_body as string | null) ?? null,
      created_at: iso(a.created_at) ?? "",
    })),
  }
}
