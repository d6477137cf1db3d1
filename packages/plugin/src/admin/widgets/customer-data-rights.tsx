import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Button, Container, Heading, Prompt, Text, toast } from "@medusajs/ui"
import { useMutation } from "@tanstack/react-query"
import { useState } from "react"
import { sdk } from "../lib/sdk"

type ErasureResponse = { erased: boolean; erasure_request: { execute_after: string | null } }

/** Saves a JSON document as a file download in the browser. */
function download(filename: string, document: unknown) {
  const blob = new Blob([JSON.stringify(document, null, 2)], { type: "application/json" })
  const url = URL.createObjectURL(blob)
  const link = window.document.createElement("a")
  link.href = url
  link.download = filename
  link.click()
  URL.revokeObjectURL(url)
}

/** GDPR actions on a customer: download their data, erase them (after the grace period). */
const CustomerDataRightsWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const [confirming, setConfirming] = useState(false)
  const exportData = useMutation({
    mutationFn: () =>
      sdk.client.fetch<unknown>(`/admin/customers/${customer.id}/data-export`, { method: "POST" }),
    onSuccess: (document) => download(`customer-data-${customer.id}.json`, document),
    onError: (err: Error) => toast.error(`Export failed: ${err.message}`),
  })
  const erase = useMutation({
    mutationFn: () =>
      sdk.client.fetch<ErasureResponse>(`/admin/customers/${customer.id}/erasure`, {
        method: "POST",
        body: {},
      }),
    onSuccess: (res) =>
      toast.success(
        res.erased
          ? "Customer erased"
          : `Erasure scheduled for ${new Date(res.erasure_request.execute_after ?? "").toLocaleString()}`
      ),
    onError: (err: Error) => toast.error(`Erasure failed: ${err.message}`),
  })
  return (
    <Container className="flex items-center justify-between gap-4 px-6 py-4">
      <div>
        <Heading level="h2">Data rights</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Access (GDPR Art. 15) and erasure (Art. 17) requests
        </Text>
      </div>
      <div className="flex gap-2">
        <Button
          size="small"
          variant="secondary"
          data-testid="customer-data-export"
          isLoading={exportData.isPending}
          onClick={() => exportData.mutate()}
        >
          Download data
        </Button>
        <Button
          size="small"
          variant="danger"
          data-testid="customer-erase"
          onClick={() => setConfirming(true)}
        >
          Erase customer
        </Button>
      </div>
      <Prompt open={confirming} onOpenChange={setConfirming}>
        <Prompt.Content>
          <Prompt.Header>
            <Prompt.Title>Erase this customer?</Prompt.Title>
            <Prompt.Description>
              After the grace period their name, contact details and addresses are removed from the
              customer, orders and carts, and their logins and wishlists are deleted. Orders keep
              their numbers and amounts. This cannot be undone.
            </Prompt.Description>
          </Prompt.Header>
          <Prompt.Footer>
            <Prompt.Cancel>Cancel</Prompt.Cancel>
            <Prompt.Action onClick={() => erase.mutate()}>Erase</Prompt.Action>
          </Prompt.Footer>
        </Prompt.Content>
      </Prompt>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "customer.details.after",
})

export default CustomerDataRightsWidget
