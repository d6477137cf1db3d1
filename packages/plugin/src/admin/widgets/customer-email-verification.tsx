import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Container, Heading, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import { useCan } from "../lib/permissions"

type Verification = { verified: boolean; verified_at: string | null; email: string | null }

/** Shows whether the customer confirmed the e-mail address. */
const CustomerEmailVerificationWidgetContent = ({
  data: customer,
}: DetailWidgetProps<AdminCustomer>) => {
  const { data } = useQuery({
    queryKey: ["customer-verification", customer.id],
    queryFn: () =>
      sdk.client.fetch<{ verification: Verification }>(
        `/admin/customers/${customer.id}/verification`
      ),
  })
  const verification = data?.verification
  return (
    <Container className="flex items-center justify-between px-6 py-4">
      <Heading level="h2">E-mail verification</Heading>
      {verification ? (
        <Badge color={verification.verified ? "green" : "orange"}>
          {verification.verified
            ? `Verified ${new Date(verification.verified_at as string).toLocaleDateString()}`
            : "Not verified"}
        </Badge>
      ) : (
        <Text size="small">…</Text>
      )}
    </Container>
  )
}

/** Hidden when the user's role lacks customer_verification:read. */
const CustomerEmailVerificationWidget = (props: DetailWidgetProps<AdminCustomer>) => {
  const can = useCan("customer_verification:read")
  return can ? <CustomerEmailVerificationWidgetContent {...props} /> : null
}

export const config = defineWidgetConfig({
  zone: "customer.details.before",
})

export default CustomerEmailVerificationWidget
