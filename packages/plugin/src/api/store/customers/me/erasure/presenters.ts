/** What a customer or admin sees of an erasure request (never the token hash). */
export type ErasureRequestView = {
  id: string
  status: string
  requested_by: string
  execute_after: string | null
  completed_at: string | null
  created_at: string
}

type Row = {
  id: string
  status: string
  requested_by: string
  execute_after?: Date | string | null
  completed_at?: Date | string | null
  created_at: Date | string
}

const iso = (v: Date | string | null | undefined) => (v ? new Date(v).toISOString() : null)

export function presentErasureRequest(row: Row): ErasureRequestView {
  return {
    id: row.id,
    status: row.status,
    requested_by: row.requested_by,
    execute_after: iso(row.execute_after),
    completed_at: iso(row.completed_at),
    created_at: new Date(row.created_at).toISOString(),
  }
}
