import type { MedusaResponse } from "@medusajs/framework/http"

/** A download, never cached: it is personal data. */
export function sendExport(res: MedusaResponse, customerId: string, document: unknown) {
  res.setHeader("Content-Disposition", `attachment; filename="customer-data-${customerId}.json"`)
  res.setHeader("Cache-Control", "no-store")
  res.status(200).json(document)
}
