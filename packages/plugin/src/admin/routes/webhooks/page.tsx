import { defineRouteConfig } from "@medusajs/admin-sdk"
import { BoltSolid } from "@medusajs/icons"
import {
  Badge,
  Button,
  Checkbox,
  Container,
  Heading,
  Input,
  Label,
  Table,
  Text,
  toast,
} from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { sdk } from "../../lib/sdk"

type Endpoint = {
  id: string
  url: string
  description: string | null
  events: string[]
  enabled: boolean
  consecutive_failures: number
  disabled_reason: string | null
  secret_rotation_expires_at: string | null
  created_at: string
}

type Attempt = {
  id: string
  attempt: number
  succeeded: boolean
  status_code: number | null
  duration_ms: number
  error: string | null
  created_at: string
}

type Delivery = {
  id: string
  message_id: string
  event_type: string
  status: string
  attempts: number
  next_attempt_at: string | null
  created_at: string
  attempt_log: Attempt[]
}

type ListResponse = { webhooks: Endpoint[]; count: number; event_types: string[] }
type SecretResponse = { webhook: Endpoint; secret: string }

const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** The one time a secret is visible: after creating an endpoint or rotating its secret. */
const SecretNotice = ({ secret, onClose }: { secret: string; onClose: () => void }) => (
  <div className="flex flex-col gap-2 px-6 py-4" data-testid="webhook-secret">
    <Text weight="plus">Signing secret (shown once; store it in the receiving system):</Text>
    <code className="break-all rounded bg-ui-bg-subtle p-2 text-sm">{secret}</code>
    <div>
      <Button size="small" variant="secondary" onClick={onClose}>
        I have stored it
      </Button>
    </div>
  </div>
)

const DeliveryLog = ({ endpoint }: { endpoint: Endpoint }) => {
  const client = useQueryClient()
  const { data, isLoading } = useQuery({
    queryKey: ["webhook-deliveries", endpoint.id],
    queryFn: () =>
      sdk.client.fetch<{ deliveries: Delivery[]; count: number }>(
        `/admin/webhooks/${endpoint.id}/deliveries`,
        { query: { limit: 50 } }
      ),
    refetchInterval: 3000,
  })
  const redeliver = useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch(`/admin/webhooks/deliveries/${id}/redeliver`, { method: "POST", body: {} }),
    onSuccess: () => {
      toast.success("Queued for redelivery")
      void client.invalidateQueries({ queryKey: ["webhook-deliveries", endpoint.id] })
    },
    onError: (e) => toast.error("Redelivery failed", { description: errorMessage(e) }),
  })
  return (
    <Table data-testid={`webhook-deliveries-${endpoint.id}`}>
      <Table.Header>
        <Table.Row>
          <Table.HeaderCell>Event</Table.HeaderCell>
          <Table.HeaderCell>webhook-id</Table.HeaderCell>
          <Table.HeaderCell>Status</Table.HeaderCell>
          <Table.HeaderCell>Attempts (status, duration, error)</Table.HeaderCell>
          <Table.HeaderCell />
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {isLoading && (
          <Table.Row>
            <Table.Cell>Loading…</Table.Cell>
          </Table.Row>
        )}
        {data?.deliveries.length === 0 && (
          <Table.Row>
            <Table.Cell>No deliveries yet</Table.Cell>
          </Table.Row>
        )}
        {data?.deliveries.map((d) => (
          <Table.Row key={d.id} data-testid={`delivery-row-${d.id}`}>
            <Table.Cell>
              {d.event_type}
              <Text size="xsmall" className="text-ui-fg-subtle">
                {new Date(d.created_at).toLocaleString()}
              </Text>
            </Table.Cell>
            <Table.Cell>
              <code className="text-xs">{d.message_id}</code>
            </Table.Cell>
            <Table.Cell>
              <Badge
                size="2xsmall"
                color={
                  d.status === "succeeded" ? "green" : d.status === "failed" ? "red" : "orange"
                }
              >
                {d.status}
              </Badge>
              {d.next_attempt_at && (
                <Text size="xsmall" className="text-ui-fg-subtle">
                  next {new Date(d.next_attempt_at).toLocaleTimeString()}
                </Text>
              )}
            </Table.Cell>
            <Table.Cell>
              {d.attempt_log.map((a) => (
                <Text size="xsmall" key={a.id}>
                  #{a.attempt} {a.status_code ?? "—"} · {a.duration_ms} ms
                  {a.error ? ` · ${a.error}` : ""}
                </Text>
              ))}
            </Table.Cell>
            <Table.Cell>
              <Button
                size="small"
                variant="secondary"
                disabled={redeliver.isPending}
                onClick={() => redeliver.mutate(d.id)}
              >
                Redeliver
              </Button>
            </Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  )
}

const WebhooksPage = () => {
  const client = useQueryClient()
  const [url, setUrl] = useState("")
  const [description, setDescription] = useState("")
  const [events, setEvents] = useState<string[]>(["order.placed"])
  const [secret, setSecret] = useState<string | null>(null)
  const [open, setOpen] = useState<string | null>(null)

  const { data, error } = useQuery({
    queryKey: ["webhooks"],
    queryFn: () => sdk.client.fetch<ListResponse>("/admin/webhooks", { query: { limit: 100 } }),
  })
  const refresh = () => client.invalidateQueries({ queryKey: ["webhooks"] })

  const create = useMutation({
    mutationFn: () =>
      sdk.client.fetch<SecretResponse>("/admin/webhooks", {
        method: "POST",
        body: { url, events, ...(description ? { description } : {}) },
      }),
    onSuccess: (res) => {
      setSecret(res.secret)
      setUrl("")
      setDescription("")
      void refresh()
    },
    onError: (e) => toast.error("Could not add the endpoint", { description: errorMessage(e) }),
  })
  const update = useMutation({
    mutationFn: (input: { id: string; enabled: boolean }) =>
      sdk.client.fetch(`/admin/webhooks/${input.id}`, {
        method: "POST",
        body: { enabled: input.enabled },
      }),
    onSuccess: () => void refresh(),
    onError: (e) => toast.error("Update failed", { description: errorMessage(e) }),
  })
  const rotate = useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<SecretResponse>(`/admin/webhooks/${id}/rotate-secret`, {
        method: "POST",
        body: {},
      }),
    onSuccess: (res) => {
      setSecret(res.secret)
      void refresh()
    },
    onError: (e) => toast.error("Rotation failed", { description: errorMessage(e) }),
  })
  const sendTest = useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch(`/admin/webhooks/${id}/send-test`, { method: "POST", body: {} }),
    onSuccess: (_res, id) => {
      toast.success("Test event queued")
      setOpen(id)
      void client.invalidateQueries({ queryKey: ["webhook-deliveries", id] })
    },
    onError: (e) => toast.error("Could not send", { description: errorMessage(e) }),
  })
  const remove = useMutation({
    mutationFn: (id: string) => sdk.client.fetch(`/admin/webhooks/${id}`, { method: "DELETE" }),
    onSuccess: () => void refresh(),
    onError: (e) => toast.error("Delete failed", { description: errorMessage(e) }),
  })

  const toggle = (type: string, on: boolean) =>
    setEvents((list) => (on ? [...new Set([...list, type])] : list.filter((t) => t !== type)))

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Webhooks</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {data?.count ?? 0} endpoints
        </Text>
      </div>
      {secret && <SecretNotice secret={secret} onClose={() => setSecret(null)} />}
      <form
        className="flex flex-col gap-3 px-6 py-4"
        onSubmit={(e) => {
          e.preventDefault()
          create.mutate()
        }}
      >
        <div className="flex gap-2">
          <Input
            name="url"
            placeholder="https://erp.example.com/hooks/shop"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
          <Input
            name="description"
            placeholder="Description"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
          <Button type="submit" disabled={!url || !events.length || create.isPending}>
            Add endpoint
          </Button>
        </div>
        <div className="flex flex-wrap gap-3">
          {(data?.event_types ?? []).map((type) => (
            <div className="flex items-center gap-1" key={type}>
              <Checkbox
                id={`event-${type}`}
                checked={events.includes(type)}
                onCheckedChange={(v) => toggle(type, v === true)}
              />
              <Label htmlFor={`event-${type}`} size="xsmall">
                {type}
              </Label>
            </div>
          ))}
        </div>
      </form>
      {error && <Text className="px-6 py-4 text-ui-fg-error">{errorMessage(error)}</Text>}
      {data?.webhooks.map((w) => (
        <div key={w.id} className="flex flex-col gap-2 px-6 py-4" data-testid={`webhook-${w.id}`}>
          <div className="flex items-center justify-between gap-2">
            <div className="flex flex-col">
              <Text weight="plus">{w.url}</Text>
              <Text size="xsmall" className="text-ui-fg-subtle">
                {w.description ? `${w.description} · ` : ""}
                {w.events.join(", ")}
              </Text>
              {w.disabled_reason && !w.enabled && (
                <Text size="xsmall" className="text-ui-fg-error">
                  Disabled: {w.disabled_reason}
                </Text>
              )}
              {w.secret_rotation_expires_at && (
                <Text size="xsmall" className="text-ui-fg-subtle">
                  Previous secret signs until{" "}
                  {new Date(w.secret_rotation_expires_at).toLocaleString()}
                </Text>
              )}
            </div>
            <div className="flex items-center gap-2">
              <Badge size="2xsmall" color={w.enabled ? "green" : "red"}>
                {w.enabled ? "enabled" : "disabled"}
              </Badge>
              <Button
                size="small"
                variant="secondary"
                onClick={() => update.mutate({ id: w.id, enabled: !w.enabled })}
              >
                {w.enabled ? "Disable" : "Enable"}
              </Button>
              <Button size="small" variant="secondary" onClick={() => sendTest.mutate(w.id)}>
                Send test event
              </Button>
              <Button size="small" variant="secondary" onClick={() => rotate.mutate(w.id)}>
                Rotate secret
              </Button>
              <Button
                size="small"
                variant="secondary"
                data-testid={`webhook-log-${w.id}`}
                onClick={() => setOpen(open === w.id ? null : w.id)}
              >
                {open === w.id ? "Hide log" : "Delivery log"}
              </Button>
              <Button size="small" variant="danger" onClick={() => remove.mutate(w.id)}>
                Delete
              </Button>
            </div>
          </div>
          {open === w.id && <DeliveryLog endpoint={w} />}
        </div>
      ))}
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "Webhooks",
  icon: BoltSolid,
})

export default WebhooksPage
