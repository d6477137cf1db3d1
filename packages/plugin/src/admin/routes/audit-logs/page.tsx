import { defineRouteConfig } from "@medusajs/admin-sdk"
import { DocumentText } from "@medusajs/icons"
import { Badge, Button, Container, Heading, Input, Select, Table, Text } from "@medusajs/ui"
import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { useState } from "react"
import { sdk } from "../../lib/sdk"
import { NoAccess, useCan } from "../../lib/permissions"

type AuditLog = {
  id: string
  kind: "admin" | "auth"
  action: string
  actor_type: string | null
  actor_id: string | null
  method: string | null
  route: string | null
  target_id: string | null
  status: number | null
  ip: string | null
  occurred_at: string
  /** Names of the roles the request was authorized with (RBAC on). */
  actor_roles?: string[]
}

type AuditLogsResponse = { audit_logs: AuditLog[]; count: number; limit: number; offset: number }

const PAGE = 50

const AuditLogsPageContent = () => {
  const [offset, setOffset] = useState(0)
  const [kind, setKind] = useState<string>("all")
  const [actor, setActor] = useState("")
  const [action, setAction] = useState("")

  const query: Record<string, string | number> = { limit: PAGE, offset }
  if (kind !== "all") query.kind = kind
  if (actor) query.actor_id = actor
  if (action) query.action = action

  const { data, isLoading, error } = useQuery({
    queryKey: ["audit-logs", query],
    queryFn: () => sdk.client.fetch<AuditLogsResponse>("/admin/audit-logs", { query }),
    placeholderData: keepPreviousData,
  })

  const count = data?.count ?? 0
  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Audit log</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {count} entries
        </Text>
      </div>
      <div className="flex gap-2 px-6 py-4">
        <Select value={kind} onValueChange={(v) => (setKind(v), setOffset(0))}>
          <Select.Trigger>
            <Select.Value placeholder="Kind" />
          </Select.Trigger>
          <Select.Content>
            <Select.Item value="all">All</Select.Item>
            <Select.Item value="admin">Admin changes</Select.Item>
            <Select.Item value="auth">Auth events</Select.Item>
          </Select.Content>
        </Select>
        <Input
          placeholder="Actor id"
          value={actor}
          onChange={(e) => (setActor(e.target.value), setOffset(0))}
        />
        <Input
          placeholder="Action, e.g. auth.login_failed"
          value={action}
          onChange={(e) => (setAction(e.target.value), setOffset(0))}
        />
      </div>
      {error ? (
        <Text className="px-6 py-4 text-ui-fg-error">{(error as Error).message}</Text>
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Time</Table.HeaderCell>
              <Table.HeaderCell>Action</Table.HeaderCell>
              <Table.HeaderCell>Actor</Table.HeaderCell>
              <Table.HeaderCell>Role</Table.HeaderCell>
              <Table.HeaderCell>Target</Table.HeaderCell>
              <Table.HeaderCell>Status</Table.HeaderCell>
              <Table.HeaderCell>IP</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {isLoading && (
              <Table.Row>
                <Table.Cell>Loading…</Table.Cell>
              </Table.Row>
            )}
            {data?.audit_logs.map((log) => (
              <Table.Row key={log.id}>
                <Table.Cell>{new Date(log.occurred_at).toLocaleString()}</Table.Cell>
                <Table.Cell>
                  <Badge size="2xsmall" color={log.kind === "auth" ? "purple" : "blue"}>
                    {log.kind}
                  </Badge>{" "}
                  {log.action}
                </Table.Cell>
                <Table.Cell>{log.actor_id ?? log.actor_type ?? "-"}</Table.Cell>
                <Table.Cell>
                  {log.actor_roles?.length ? log.actor_roles.join(", ") : "-"}
                </Table.Cell>
                <Table.Cell>{log.target_id ?? "-"}</Table.Cell>
                <Table.Cell>
                  <Badge size="2xsmall" color={(log.status ?? 0) >= 400 ? "red" : "green"}>
                    {log.status ?? "-"}
                  </Badge>
                </Table.Cell>
                <Table.Cell>{log.ip ?? "-"}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      <div className="flex items-center justify-end gap-2 px-6 py-4">
        <Button
          variant="secondary"
          size="small"
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - PAGE))}
        >
          Previous
        </Button>
        <Button
          variant="secondary"
          size="small"
          disabled={offset + PAGE >= count}
          onClick={() => setOffset(offset + PAGE)}
        >
          Next
        </Button>
      </div>
    </Container>
  )
}

/** Our page, or "no access" when the user's role lacks audit_log:read. */
const AuditLogsPage = () => {
  const can = useCan("audit_log:read")
  if (can === undefined) return null
  return can ? <AuditLogsPageContent /> : <NoAccess title="Audit log" permission="audit_log:read" />
}

export const config = defineRouteConfig({
  label: "Audit log",
  icon: DocumentText,
})

export default AuditLogsPage
